namespace EmrAuth.Tests.Web.Support;

/// <summary>
/// Two portal instances on one database (issue 13): <see cref="A"/> owns the storage, <see cref="B"/> is a second
/// service graph on it with parties of its own in memory, as a second process behind nginx would be.
/// </summary>
public abstract class TwoInstances : IAsyncLifetime
{
    /// <summary>Several instances are PostgreSQL's; a subclass may choose another provider where its test allows.</summary>
    protected virtual StorageProvider Provider => StorageProvider.Postgres;

    protected PortalHarness A { get; private set; } = null!;

    protected PortalHarness B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        A = await PortalHarness.StartAsync(provider: Provider);
        B = await A.StartAnotherInstanceAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
