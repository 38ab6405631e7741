using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Dashboard;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace FspPortal.Tests.Components;

/// <summary>
/// Work in proportion to what changed: My FSP searches as you type with at most one search per window, and a live event
/// that changes nothing on the page renders nothing (Home and My FSP); one that does, renders it.
/// </summary>
[Trait("Category", "Component")]
public sealed class LiveListsTests : PortalComponentTest
{
    private readonly BunitAuthorizationContext auth;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));

    public LiveListsTests()
    {
        UseOverviewServices();
        UseAppService<PlanQueries>();
        UseAppService<FspPortal.Web.Features.Sharing.PlanSharingService>();
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddSingleton<Microsoft.AspNetCore.Components.NavigationManager>(new BunitNavigationManager(this));
        auth = AddAuthorization();
    }

    private async Task<(string UserId, Guid FirstPlan)> SignedInWithPlansAsync(int plans)
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        auth.SetAuthorized(sam.Email!);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, sam.Id));
        var first = Guid.Empty;
        for (var i = 0; i < plans; i++)
        {
            var id = await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-10 - i)));
            if (i == 0) first = id;
        }
        Render<MudPopoverProvider>();
        return (sam.Id, first);
    }

    [Fact]
    public async Task Typing_fast_searches_once_at_the_first_key_and_once_more_at_the_end_of_the_window()
    {
        await SignedInWithPlansAsync(3);
        var queries = Portal.Services.GetRequiredService<PlanQueries>();
        var cut = Render<MyFsp>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll(".plans-grid tbody tr").Count));
        var before = queries.SearchesRun;

        var box = InputLabelled(cut, "Search plans");
        foreach (var typed in new[] { "o", "ow", "owe", "owen" }) await box.InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = typed });

        // The first key searched at once; the other three wait for the window's end, as one search.
        cut.WaitForAssertion(() => Assert.Equal(before + 1, queries.SearchesRun));
        clock.Advance(MyFsp.SearchWindow);
        cut.WaitForAssertion(() => Assert.Equal(before + 2, queries.SearchesRun));
        clock.Advance(MyFsp.SearchWindow * 4);
        Assert.Equal(before + 2, queries.SearchesRun);

        // After a pause, a key searches at once again.
        await box.InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "owe" });
        cut.WaitForAssertion(() => Assert.Equal(before + 3, queries.SearchesRun));
    }

    [Fact]
    public async Task A_live_event_that_changes_nothing_shown_does_not_render_the_list_and_one_that_does_renders_it()
    {
        var (userId, firstPlan) = await SignedInWithPlansAsync(2);
        var notifier = Portal.Services.GetRequiredService<IPlanNotifier>();
        var queries = Portal.Services.GetRequiredService<PlanQueries>();
        var cut = Render<MyFsp>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".plans-grid tbody tr").Count));
        var renders = cut.RenderCount;
        var searches = queries.SearchesRun;

        // A change to a plan that moves nothing on this page (as a save elsewhere that touched no listed field).
        await notifier.NotifyAsync(new PlanChange(firstPlan, PlanChangeKind.Content), [userId]);
        await Eventually.TrueAsync(() => queries.SearchesRun == searches + 1, "the page to be read again"); // no render to wait on
        await Task.Delay(200);
        Assert.Equal(renders, cut.RenderCount); // …and nothing rendered

        // A new plan attached: the grid renders it, without reading the page a second time.
        var added = await Portal.AddAsync(PlanSeeder.Completed(userId, DateTime.UtcNow));
        await notifier.NotifyAsync(new PlanChange(added, PlanChangeKind.Attachment), [userId]);
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll(".plans-grid tbody tr").Count));
        Assert.True(cut.RenderCount > renders);
        Assert.Equal(searches + 2, queries.SearchesRun);
    }

    [Fact]
    public async Task Home_renders_on_a_live_event_only_when_a_count_or_list_changed()
    {
        var (userId, firstPlan) = await SignedInWithPlansAsync(1);
        var notifier = Portal.Services.GetRequiredService<IPlanNotifier>();
        var cut = Render<Home>();
        cut.WaitForAssertion(() => Assert.DoesNotContain("…", cut.Find("[data-testid=tiles]").TextContent));
        await Task.Delay(100); // the subscription is made after the first render
        var renders = cut.RenderCount;

        await notifier.NotifyAsync(new PlanChange(firstPlan, PlanChangeKind.Content), [userId]);
        await Task.Delay(300);
        Assert.Equal(renders, cut.RenderCount);

        var added = await Portal.AddAsync(PlanSeeder.Completed(userId, DateTime.UtcNow));
        await notifier.NotifyAsync(new PlanChange(added, PlanChangeKind.Attachment), [userId]);
        cut.WaitForAssertion(() => Assert.True(cut.RenderCount > renders));
    }
}
