using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>A received message failed a check; the receiving party's state did not change.</summary>
public sealed class ProtocolViolationException(VerificationEvent failedCheck)
    : Exception($"{failedCheck.Reference} ({failedCheck.Check}) failed: {failedCheck.Reason}")
{
    public VerificationEvent FailedCheck { get; } = failedCheck;
}

/// <summary>A request that cannot be served: unknown party, patient or department, wrong state.</summary>
public sealed class ProtocolStateException(string message) : Exception(message);
