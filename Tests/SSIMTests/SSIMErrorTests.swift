import SSIM
import Testing

/// Every error category through the API, each naming the offending value.
@Suite struct SSIMErrorTests {
    static let image = try! ImageTensor(shape: [1, 1, 16, 16], values: [Double](repeating: 0.5, count: 256))

    func expectError(
        _ category: SSIMError.Category, naming value: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("expected \(category.rawValue), got no error", sourceLocation: sourceLocation)
        } catch let error as SSIMError {
            #expect(error.category == category, sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(category.rawValue), sourceLocation: sourceLocation)
            #expect(error.description.contains(value), "\(error.description)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected an SSIMError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func invalidShape() {
        expectError(.invalidShape, naming: "rank 3") { _ = try ImageTensor(shape: [1, 16, 16], values: [Double](repeating: 0, count: 256)) }
        expectError(.invalidShape, naming: "[1, 0, 4, 4]") { _ = try ImageTensor<Float>(shape: [1, 0, 4, 4], values: []) }
        expectError(.invalidShape, naming: "3 values") { _ = try ImageTensor(shape: [1, 1, 2, 2], values: [0.0, 1, 2]) }
    }

    @Test func shapeMismatch() {
        let other = try! ImageTensor(shape: [1, 1, 16, 15], values: [Double](repeating: 0, count: 240))
        expectError(.shapeMismatch, naming: "[1, 1, 16, 15]") { _ = try ssim(Self.image, other, windowSize: 11) }
        expectError(.shapeMismatch, naming: "[1, 1, 16, 16]") { _ = try ssimLoss(other, Self.image, windowSize: 3) }
    }

    @Test(arguments: [0, 4, -3, 12])
    func invalidWindowSize(size: Int) {
        expectError(.invalidWindowSize, naming: "\(size)") { _ = try ssim(Self.image, Self.image, windowSize: size) }
        expectError(.invalidWindowSize, naming: "\(size)") { _ = try SSIMLoss(windowSize: size) }
    }

    @Test func invalidPaddingAndReduction() throws {
        expectError(.invalidPadding, naming: "\"full\"") { _ = try SSIMPadding(name: "full") }
        expectError(.invalidReduction, naming: "\"median\"") { _ = try SSIMReduction(name: "median") }
        #expect(try SSIMPadding(name: "VALID") == .valid)
        #expect(throws: SSIMError.invalidReduction("Mean")) { try SSIMReduction(name: "Mean") }
    }

    @Test(arguments: [0, -1, Double.infinity, -Double.infinity, Double.nan])
    func invalidMaxVal(value: Double) {
        expectError(.invalidMaxVal, naming: "\(value)") { _ = try ssim(Self.image, Self.image, windowSize: 11, maxVal: value) }
    }

    @Test func imageTooSmall() throws {
        let tall = try ImageTensor(shape: [1, 1, 16, 5], values: [Double](repeating: 0, count: 80))
        expectError(.imageTooSmall, naming: "16x5") { _ = try ssim(tall, tall, windowSize: 11) }
        let almost = try ImageTensor(shape: [1, 1, 10, 16], values: [Double](repeating: 0, count: 160))
        expectError(.imageTooSmall, naming: "10x16") { _ = try ssim(almost, almost, windowSize: 11, padding: .valid) }
        // The smallest legal sizes are accepted: H = W = r + 1 for 'same', H = W = windowSize for 'valid'.
        let six = try ImageTensor(shape: [1, 1, 6, 6], values: [Double](repeating: 0, count: 36))
        #expect(try ssim(six, six, windowSize: 11).shape == [1, 1, 6, 6])
        let eleven = try ImageTensor(shape: [1, 1, 11, 11], values: [Double](repeating: 0, count: 121))
        #expect(try ssim(eleven, eleven, windowSize: 11, padding: .valid).shape == [1, 1, 1, 1])
    }

    @Test func nonFinitePixelsPropagateOnlyToTheirWindow() throws {
        var values = [Double](repeating: 0.5, count: 256)
        values[0] = .nan
        let withNaN = try ImageTensor(shape: [1, 1, 16, 16], values: values)
        let map = try ssim(withNaN, Self.image, windowSize: 3)
        // Pixel (0, 0) is seen by the windows centred within one pixel of it, and by their mirror.
        #expect(map[0, 0, 0, 0].isNaN && map[0, 0, 1, 1].isNaN)
        #expect(!map[0, 0, 2, 2].isNaN && !map[0, 0, 15, 15].isNaN)
    }
}
