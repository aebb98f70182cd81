namespace EmrAuth.Domain.Transcript;

/// <summary>Where a party's protocol steps report what they sent, received and checked.</summary>
public interface IProtocolEventSink
{
    void Publish(ProtocolEvent protocolEvent);
}

/// <summary>For steps nobody watches (benchmarks).</summary>
public sealed class NullEventSink : IProtocolEventSink
{
    public static NullEventSink Instance { get; } = new();

    public void Publish(ProtocolEvent protocolEvent)
    {
    }
}
