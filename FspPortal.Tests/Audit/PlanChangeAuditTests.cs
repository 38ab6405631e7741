using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Plans.Wizard;
using FspPortal.Web.Features.Sharing;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Audit;

/// <summary>
/// Every change of a plan commits with its audit lines, emails and live notification (one transaction), and reads in
/// History as a sentence with the person's name and agency. Real app, real SQLite file.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PlanChangeAuditTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();
    private ApplicationUser sam = default!, tom = default!;
    private Guid planId;

    private PlanWizardService Wizard => portal.Services.GetRequiredService<PlanWizardService>();
    private PlanOverviewService Overview => portal.Services.GetRequiredService<PlanOverviewService>();
    private PlanSharingService Sharing => portal.Services.GetRequiredService<PlanSharingService>();

    public async Task InitializeAsync()
    {
        sam = await portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        tom = await portal.CreateUserAsync("tom@hub.example.org", "tangerine bicycle under moonlight", "Tom Next");
        planId = await portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-2)));
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private static ClaimsPrincipal As(ApplicationUser user) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Email!)], "test"));

    private async Task<List<AuditEntry>> PlanAuditAsync()
    {
        await using var db = await portal.CreateDbContextAsync();
        var id = planId.ToString();
        return await db.AuditEntries.AsNoTracking().Where(a => a.TargetId == id).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task Editing_a_finished_plan_through_the_stepper_writes_one_line_naming_the_sections_and_History_says_it_in_words()
    {
        var plan = (await Wizard.LoadAsync(planId, sam.Id))!;
        var context = await Wizard.ContextAsync();
        var step8 = (SummaryAndPlanStep)PlanWizardService.ReadStep(plan, WizardSteps.Get(8)!, context);
        step8.PractitionerSummary += " Mum has started the parenting course.";
        step8.Lines[0].WhatWillBeDone += " Weekly check-ins.";
        var before = await PlanAuditAsync();

        Assert.True((await Wizard.SaveStepAsync(planId, sam.Id, WizardSteps.Get(8)!, step8, plan.Version)).Succeeded);

        var added = (await PlanAuditAsync()).Skip(before.Count).ToList();
        var line = Assert.Single(added);
        Assert.Equal((PlanAuditActions.Edited, "Sam Hughes (School)"), (line.Action, line.ActorName));
        Assert.Equal("Edited Practitioner summary and Family plan", line.Summary);
        Assert.DoesNotContain("parenting course", line.Summary + line.Details); // which sections, never what they now say
        var history = (await Overview.OpenAsync(planId, As(sam), recordView: false))!.History;
        Assert.Contains(history, h => h.Who == "Sam Hughes (School)" && h.What == "Edited Practitioner summary and Family plan");

        // Next on a step whose content did not change records nothing and keeps the version.
        var unchanged = (await Wizard.LoadAsync(planId, sam.Id))!;
        var step3 = PlanWizardService.ReadStep(unchanged, WizardSteps.Get(3)!, context);
        Assert.True((await Wizard.SaveStepAsync(planId, sam.Id, WizardSteps.Get(3)!, step3, unchanged.Version)).Succeeded);
        Assert.Equal(before.Count + 1, (await PlanAuditAsync()).Count);
        Assert.Equal(unchanged.Version, (await Wizard.LoadAsync(planId, sam.Id))!.Version);
    }

    [Fact]
    public async Task Sharing_and_closing_read_as_sentences_with_names_never_ids()
    {
        Assert.True((await Sharing.RequestTransferAsync(planId, As(sam), tom.Id, TransferMode.HandOver, "New school")).Succeeded);
        var card = Assert.Single(await Sharing.WaitingForAsync(tom.Id));
        Assert.True((await Sharing.DecideAsync(planId, card.TransferId, As(tom), true, null)).Succeeded);
        Assert.True((await Overview.CloseAsync(planId, As(tom), "needs-met", null, outcomes: FspPortal.Tests.Domain.Plans.Outcomes.EducationYes)).Succeeded);

        var history = (await Overview.OpenAsync(planId, As(tom)))!.History.Select(h => (h.Who, h.What)).ToList();
        Assert.Contains(("Sam Hughes (School)", "Transfer to Tom Next requested (hand over)"), history);
        Assert.Contains(("Tom Next (School)", "Authorised the transfer from Sam Hughes (hand over)"), history);
        Assert.Contains(("Tom Next (School)", "Closed: Needs met / outcomes achieved \u2014 significant and sustained progress: Getting a good education yes"), history);
        Assert.All(history, h => Assert.DoesNotContain(sam.Id, h.Who + h.What));
        Assert.All(history, h => Assert.DoesNotContain("Plan.", h.What));
    }

    [Fact]
    public async Task When_the_audit_line_cannot_be_written_the_plan_is_unchanged_and_nothing_is_sent()
    {
        var before = (await Wizard.LoadAsync(planId, sam.Id))!;
        await using (var db = await portal.CreateDbContextAsync())
            await TestDatabase.BreakWritesAsync(db, "AuditEntries", "INSERT", "audit log unavailable");

        var result = await Sharing.AttachAsync(planId, As(sam), tom.Id);

        Assert.False(result.Succeeded);
        Assert.Equal(PlanStore.NotSaved, result.Problem);
        var after = (await Wizard.LoadAsync(planId, sam.Id))!;
        Assert.Equal(before.Version, after.Version);
        await using var check = await portal.CreateDbContextAsync();
        Assert.False(await check.PlanMembers.AnyAsync(m => m.PlanId == planId && m.UserId == tom.Id));
        Assert.Equal(0, await check.OutgoingEmails.CountAsync(e => e.To == tom.Email));
        Assert.Equal(0, await check.PendingNotifications.CountAsync());
        Assert.Null(await Overview.OpenAsync(planId, As(tom), recordView: false));
    }

    [Fact]
    public async Task The_change_the_audit_line_and_the_email_commit_together_and_the_click_does_not_wait_for_other_pages()
    {
        // Another person's open page that takes a long time to refresh must not hold up the actor's save.
        var pageRefreshing = new TaskCompletionSource();
        var notifier = portal.Services.GetRequiredService<IPlanNotifier>();
        using var slowPage = notifier.Subscribe(sam.Id, async _ => await pageRefreshing.Task);

        var saved = Sharing.AttachAsync(planId, As(sam), tom.Id);
        var finished = await Task.WhenAny(saved, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.Same(saved, finished); // the save came back while the other page was still refreshing
        Assert.True((await saved).Succeeded);
        await using (var db = await portal.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.TargetId == planId.ToString() && a.Action == SharingActions.Attached));
            Assert.Equal(1, await db.OutgoingEmails.CountAsync(e => e.To == tom.Email));
        }
        // Nor does the email wait for that page: it is delivered while the page is still busy.
        var email = await portal.LatestEmailAsync(tom.Email!, "added to a Family Support Plan");
        Assert.Contains($"plans/{planId}", email.TextBody);
        Assert.False(pageRefreshing.Task.IsCompleted);
        pageRefreshing.SetResult();
    }

    [Fact]
    public async Task A_discarded_draft_is_gone_with_its_drafts_and_terms_but_its_history_line_stays()
    {
        var store = portal.Services.GetRequiredService<PlanStore>();
        var draftId = await Wizard.StartAsync(sam.Id);
        Assert.True(await Wizard.AutosaveAsync(draftId, sam.Id, WizardSteps.Get(5)!, new FamilyStoryStep { KeyEventsNow = "half typed" }));

        Assert.False((await store.DiscardDraftAsync(draftId, tom.Id)).Succeeded);               // a stranger: not found
        var finished = await store.DiscardDraftAsync(planId, sam.Id);                           // a finished plan is closed, never discarded
        Assert.Contains("Only a plan that has not been finished can be discarded", finished.Problem);
        var discarded = await store.DiscardDraftAsync(draftId, sam.Id);
        Assert.True(discarded.Succeeded, discarded.Problem);

        await using var db = await portal.CreateDbContextAsync();
        Assert.False(await db.Plans.AnyAsync(p => p.Id == draftId));
        Assert.False(await db.FormDrafts.AnyAsync(d => d.PlanId == draftId));
        Assert.False(await db.PlanMembers.AnyAsync(m => m.PlanId == draftId));
        var line = await db.AuditEntries.SingleAsync(a => a.TargetId == draftId.ToString() && a.Action == PlanAuditActions.DraftDiscarded);
        Assert.Equal("Discarded the unfinished plan", line.Summary);
        Assert.Equal(sam.Id, line.ActorUserId);
        Assert.True(await db.Plans.AnyAsync(p => p.Id == planId)); // the finished plan untouched
    }
}
