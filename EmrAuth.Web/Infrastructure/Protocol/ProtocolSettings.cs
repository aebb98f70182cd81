using EmrAuth.Domain.Phases;

namespace EmrAuth.Web.Infrastructure.Protocol;

/// <summary>The deployment's protocol settings, section "Protocol" of the configuration.</summary>
public sealed class ProtocolSettings
{
    public const string Section = "Protocol";

    /// <summary>
    /// Hardened (the default): escrow-free issuance at every registration, the sealed index, hardened visits by default.
    /// Paper runs the scheme as published (key escrow, the XOR index), for demonstration only.
    /// </summary>
    public ProtocolProfile Profile { get; set; } = ProtocolProfile.Hardened;
}
