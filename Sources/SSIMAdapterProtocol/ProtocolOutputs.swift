import SSIM

/// A computation's outputs as the protocol asks for them: ``SSIM/SSIMOutputs``, ``SSIM/MSSSIMOutputs``, ``SSIM/MSSSIML1Outputs``, ``SSIM/SSIM3DOutputs`` and ``SSIM/MSSSIM3DOutputs``.
public protocol ProtocolOutputs {
    /// The requested outputs among those computed, as protocol arrays of `precision`, each value rounded to it.
    func protocolArrays(_ requested: [AdapterOutput], precision: Precision) -> [AdapterOutput: ProtocolArray]
}

extension SSIMOutputs: ProtocolOutputs {}

extension MSSSIMOutputs: ProtocolOutputs {}

extension MSSSIML1Outputs: ProtocolOutputs {}

extension SSIM3DOutputs: ProtocolOutputs {}

extension MSSSIM3DOutputs: ProtocolOutputs {}
