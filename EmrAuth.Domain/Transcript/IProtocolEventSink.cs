namespace EmrAuth.Domain.Transcript;

/// <summary>Where a party's protocol steps report what they sent, received and checked.</summary>
public interface IProtocolEventSink
{
    void Publish(ProtocolEvent protocolEvent);

    /// <summary>
    /// False when published events are dropped: steps then skip building the events and texts of checks that pass
    /// (about a sixth of a visit's allocation). A failing check is built and thrown whatever this says.
    /// </summary>
    bool IsRecording => true;
}

/// <summary>For steps nobody watches (benchmarks).</summary>
public sealed class NullEventSink : IProtocolEventSink
{
    public static NullEventSink Instance { get; } = new();

    public bool IsRecording => false;

    public void Publish(ProtocolEvent protocolEvent)
    {
    }
}
