namespace EmrAuth.Domain.Transcript;

/// <summary>
/// The ordered record of one session (a visit, a registration, a migration): every party of the session
/// publishes into it, and subscribers (a live protocol view) are told of each event as it happens.
/// </summary>
/// <param name="continuesAfter">The last sequence number already stored elsewhere: a session restored on another instance numbers on from it.</param>
public sealed class SessionTranscript(string sessionId, long continuesAfter = 0) : IProtocolEventSink
{
    private readonly object _gate = new();
    private readonly List<ProtocolEvent> _events = [];

    public string SessionId { get; } = sessionId;

    public event Action<ProtocolEvent>? Published;

    public IReadOnlyList<ProtocolEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToArray();
            }
        }
    }

    public IEnumerable<VerificationEvent> Verifications => Events.OfType<VerificationEvent>();

    public IEnumerable<MessageEvent> Messages => Events.OfType<MessageEvent>();

    public void Publish(ProtocolEvent protocolEvent)
    {
        ProtocolEvent numbered;
        lock (_gate)
        {
            numbered = protocolEvent with { Sequence = continuesAfter + _events.Count + 1, SessionId = SessionId };
            _events.Add(numbered);
        }
        Published?.Invoke(numbered);
    }
}
