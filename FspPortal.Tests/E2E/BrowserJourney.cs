using FspPortal.Tests.Support;

namespace FspPortal.Tests.E2E;

/// <summary>
/// What every browser journey needs: the real app on Kestrel with its own data folder, and the machine's Chromium.
/// Subclasses add their people and plans in <see cref="SeedAsync"/>.
/// </summary>
[Trait("Category", "E2E")]
[Collection(BrowserCollection.Name)]
public abstract class BrowserJourney(IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    protected const string Password = "tangerine bicycle under moonlight";
    protected PortalFactory Portal { get; } = new(kestrel: true, settings: settings);
    protected Browser Browser { get; private set; } = default!;
    protected string BaseUrl { get; private set; } = "";

    protected virtual Task SeedAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        BaseUrl = Portal.StartKestrel();
        await SeedAsync();
        Browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        await Portal.DisposeAsync();
    }
}
