/// The outputs of one evaluation of SSIM (of images or of volumes) on the fast kernels, in `S`: what
/// ``FastSSIM/Products`` asks for (nil otherwise), and the loss reduced unless the reduction is 'none'.
///
/// Made by running the bands on a ``FastSetup`` that points at them: the window's weights and the constants in `S`,
/// the outputs allocated (not zeroed: each element is written by exactly one band), and one loss sum per image row
/// (a row outside the map keeps 0), which are summed pairwise in their order, so that the reduced loss does not depend
/// on how the rows were shared out.
struct FastOutputs<S: FastSSIMScalar> {
    var ssimMap: [S]?
    var lossMap: [S]?
    var reducedLoss: S?
    var grad1: [S]?
    var grad2: [S]?

    /// The outputs of images `img1` and `img2` (both gradients of their size) whose map has `mapCount` elements and
    /// whose planes have `rows` image rows in all, computed by `run` on the setup pointing at them.
    init(
        _ img1: [S], _ img2: [S], options: SSIMOptions, instructions: FastSSIM.InstructionSet, mapCount: Int, rows: Int,
        reduction: SSIMReduction, products: FastSSIM.Products, run: (FastSetup<S>) -> Void
    ) {
        let lossWeight = reduction == .mean ? 1 / Double(mapCount) : 1
        let window = options.window
        // The window's distinct weights w[0…r].
        let weights = UnsafeMutablePointer<S>.allocate(capacity: options.radius + 1)
        defer { weights.deallocate() }
        for m in 0...options.radius { weights[m] = S(window[m]) }

        func output(_ wanted: Bool, _ count: Int) -> [S]? { wanted ? HugePages.output(count) : nil }
        let gradients = products.contains(.gradients)
        ssimMap = output(products.contains(.ssimMap), mapCount)
        lossMap = output(products.contains(.lossMap), mapCount)
        (grad1, grad2) = (output(gradients, img1.count), output(gradients, img1.count))
        var rowSums = reduction == .none ? nil : [S](repeating: 0, count: rows)

        img1.withUnsafeBufferPointer { x in
            img2.withUnsafeBufferPointer { y in
                withOptionalPointer(&ssimMap) { ssimPointer in
                    withOptionalPointer(&lossMap) { lossPointer in
                        withOptionalPointer(&grad1) { grad1Pointer in
                            withOptionalPointer(&grad2) { grad2Pointer in
                                withOptionalPointer(&rowSums) { sumsPointer in
                                    run(FastSetup<S>(
                                        instructions: instructions, img1: x.baseAddress!, img2: y.baseAddress!,
                                        weights: weights,
                                        constants: [
                                            S.constants(
                                                c1: S(options.c1), c2: S(options.c2), eps: S(options.eps),
                                                upstream: S(-lossWeight / 2))
                                        ],
                                        ssimMap: ssimPointer, lossMap: lossPointer,
                                        rowSums: sumsPointer, grad1: grad1Pointer, grad2: grad2Pointer))
                                }
                            }
                        }
                    }
                }
            }
        }
        reducedLoss = rowSums.map { sums in
            let total = sums.withUnsafeBufferPointer { pairwiseSum($0.baseAddress!, $0.count) }
            return reduction == .mean ? total / S(mapCount) : total
        }
    }
}
