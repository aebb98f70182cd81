namespace EmrAuth.E2E.Infrastructure;

/// <summary>Shares one running web app and one browser across all E2E test classes.</summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<WebAppFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "E2E";
}
