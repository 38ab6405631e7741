using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Account;
using FspPortal.Web.Features.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Web;

/// <summary>The first-run link makes one admin, whatever the race (three submits at once used to make three).</summary>
[Trait("Category", "Integration")]
public sealed class FirstRunRaceTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task Three_simultaneous_submits_of_the_setup_link_create_one_admin()
    {
        var firstRun = portal.Services.GetRequiredService<FirstRun>();
        // The start prints its own link first; a link made before that would be replaced by it (only the newest works).
        await Eventually.TrueAsync(() => portal.Logs.Any(line => line.Contains("FSP Portal has no accounts yet")), "the start's own set-up link");
        var link = await firstRun.PrepareAsync();
        var token = Uri.UnescapeDataString(link!.Split("token=")[1]);

        var results = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => Task.Run(() => firstRun.CompleteAsync(token, new FirstAdminForm
        {
            FullName = $"Admin {i}", Email = $"admin{i}@council.example.org",
            Password = "seven lanterns over the harbour", ConfirmPassword = "seven lanterns over the harbour",
        }))));

        Assert.Single(results, r => r.Count == 0);
        Assert.Equal(2, results.Count(r => r.Any(e => e.Message.Contains("expired or has already been used"))));
        await using var db = await portal.CreateDbContextAsync();
        Assert.Equal(1, await db.Users.CountAsync());
        Assert.False(await firstRun.IsValidAsync(token));
    }
}
