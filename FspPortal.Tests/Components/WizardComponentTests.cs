using Microsoft.EntityFrameworkCore;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Plans.Wizard;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace FspPortal.Tests.Components;

[Trait("Category", "Component")]
public sealed class WizardComponentTests : PortalComponentTest
{
    private readonly BunitAuthorizationContext auth;

    public WizardComponentTests()
    {
        UseAppService<PlanWizardService>();
        UseAppService<PlanOverviewService>();
        UseAppService<BreakGlass>();
        UseAppService<FspPortal.Web.Features.Audit.PlanViewAudit>();
        UseAppService<FspPortal.Web.Features.Reviews.ReviewService>();
        UseAppService<FspPortal.Web.Features.Print.PrintService>();
        UseAppService<FspPortal.Web.Features.Sharing.PlanSharingService>();
        UseAppService<FspPortal.Web.Features.Reference.ReferenceData>();
        UseAppService<FspPortal.Web.Realtime.IPlanNotifier>();
        UseAppService<FspPortal.Web.Features.Presence.PlanPresence>();
        Services.AddScoped<FspPortal.Web.Features.Presence.PresenceCircuit>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        auth = AddAuthorization();
    }

    [Fact]
    public async Task Next_on_an_empty_step_shows_each_error_beside_its_field_and_in_the_summary()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        auth.SetAuthorized(sam.Email!);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, sam.Id));
        var planId = await Portal.Services.GetRequiredService<PlanWizardService>().StartAsync(sam.Id);

        Render<MudPopoverProvider>();
        var cut = Render<PlanWizard>(p => p.Add(x => x.PlanId, planId).Add(x => x.StepNumber, 1));
        cut.WaitForAssertion(() => Assert.Contains("Consent and practitioner", cut.Find("h1").TextContent));
        Assert.True(cut.Find(".error-summary").HasAttribute("hidden"));

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Next").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.False(cut.Find(".error-summary").HasAttribute("hidden")));
        var summary = cut.Find(".error-summary").TextContent;
        Assert.Contains("Enter who gave consent.", summary);
        Assert.Contains("Enter the practitioner's role.", summary); // (the account has no job title to pre-fill it from)
        Assert.Contains("Record the family's agreement to share information", summary);
        Assert.DoesNotContain("Choose an agency.", summary); // pre-filled from the practitioner's account
        var beside = cut.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).ToList();
        Assert.Contains("Enter who gave consent.", beside);
        Assert.Contains("Enter a phone number.", beside);
        // The summary links to the field it is about.
        Assert.EndsWith("#f-ConsentGivenBy", cut.FindAll(".error-summary a").Single(a => a.TextContent == "Enter who gave consent.").GetAttribute("href"));
        Assert.NotNull(cut.Find("#f-ConsentGivenBy"));
    }

    [Fact]
    public async Task Discard_this_draft_asks_first_and_then_deletes_the_draft()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        auth.SetAuthorized(sam.Email!);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, sam.Id));
        var planId = await Portal.Services.GetRequiredService<PlanWizardService>().StartAsync(sam.Id);

        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<PlanWizard>(p => p.Add(x => x.PlanId, planId).Add(x => x.StepNumber, 1));
        cut.WaitForAssertion(() => Assert.Contains("Consent and practitioner", cut.Find("h1").TextContent));

        _ = cut.FindAll("button").Single(b => b.TextContent.Trim() == "Discard this draft").ClickAsync(new()); // waits for the answer
        dialogs.WaitForAssertion(() => Assert.Contains("cannot be brought back", dialogs.Markup));
        await using (var db = await Portal.CreateDbContextAsync()) Assert.True(await db.Plans.AnyAsync(p => p.Id == planId)); // nothing yet

        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Discard the draft").ClickAsync(new());
        await using var after = await Portal.CreateDbContextAsync();
        await Eventually.TrueAsync(() => after.Plans.AnyAsync(p => p.Id == planId).ContinueWith(t => !t.Result), "the draft to be deleted");
        Assert.EndsWith("/plans/new", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public async Task Someone_elses_draft_is_not_found_on_the_stepper_check_and_overview_pages()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        var alex = await Portal.CreateUserAsync("alex@hub.example.org", "tangerine bicycle under moonlight", "Alex Other");
        var planId = await Portal.Services.GetRequiredService<PlanWizardService>().StartAsync(sam.Id);
        auth.SetAuthorized(alex.Email!);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, alex.Id));

        Render<MudPopoverProvider>();
        var stepper = Render<PlanWizard>(p => p.Add(x => x.PlanId, planId).Add(x => x.StepNumber, 2));
        stepper.WaitForAssertion(() => Assert.Equal("Plan not found", stepper.Find("h1").TextContent));
        Assert.DoesNotContain("First name", stepper.Markup);
        var check = Render<CheckAnswers>(p => p.Add(x => x.PlanId, planId));
        check.WaitForAssertion(() => Assert.Equal("Plan not found", check.Find("h1").TextContent));
        var overview = Render<PlanView>(p => p.Add(x => x.PlanId, planId));
        overview.WaitForAssertion(() => Assert.Equal("Plan not found", overview.Find("h1").TextContent));
    }

    [Fact]
    public async Task A_stranger_gets_not_found_on_add_review_a_review_and_the_printable_plan()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        var alex = await Portal.CreateUserAsync("alex@hub.example.org", "tangerine bicycle under moonlight", "Alex Other");
        var planId = await Portal.AddAsync(Support.PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-20)));
        await Portal.AddReviewAsync(planId, sam.Id);
        auth.SetAuthorized(alex.Email!);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, alex.Id));

        Render<MudPopoverProvider>();
        var add = Render<FspPortal.Web.Features.Reviews.AddReview>(p => p.Add(x => x.PlanId, planId).Add(x => x.StepNumber, 2));
        add.WaitForAssertion(() => Assert.Equal("Plan not found", add.Find("h1").TextContent));
        Assert.DoesNotContain("Aspects of Life", add.Markup);
        var review = Render<FspPortal.Web.Features.Reviews.ReviewPage>(p => p.Add(x => x.PlanId, planId).Add(x => x.Number, 1));
        review.WaitForAssertion(() => Assert.Equal("Review not found", review.Find("h1").TextContent));
        Assert.DoesNotContain("Owen", review.Markup);
        var print = Render<FspPortal.Web.Features.Print.PrintPlan>(p => p.Add(x => x.PlanId, planId));
        print.WaitForAssertion(() => Assert.Equal("Plan not found", print.Find("h1").TextContent));
        Assert.DoesNotContain("Owen", print.Markup);
    }

    [Fact]
    public async Task Family_members_are_added_and_removed()
    {
        var context = await Portal.Services.GetRequiredService<PlanWizardService>().ContextAsync();
        var model = new FamilyMembersStep();
        Render<MudPopoverProvider>();
        var cut = Render<FamilyMembersStepForm>(p => p.Add(x => x.Model, model).Add(x => x.Reference, context.Reference));
        Button(cut, "Add a family member or important person").Click();
        Button(cut, "Add a family member or important person").Click();
        Button(cut, "Add a family member or important person").Click();
        Assert.Equal(3, model.Members.Count);
        await cut.Find("#f-Members-1-Name").InputAsync(new ChangeEventArgs { Value = "Gran" });
        Assert.Equal("Gran", model.Members[1].Name);

        cut.Find("button[aria-label='Remove person 1']").Click();

        Assert.Equal(2, model.Members.Count);
        Assert.Equal("Gran", model.Members[0].Name);
        Assert.Contains("Person 1: Gran", cut.Markup);
        Assert.Equal(2, cut.FindAll("fieldset.repeat-row").Count);
    }

    [Fact]
    public async Task Plan_lines_are_added_and_removed_and_open_once_a_focus_area_is_chosen()
    {
        var context = await Portal.Services.GetRequiredService<PlanWizardService>().ContextAsync();
        var model = new SummaryAndPlanStep { Lines = [new PlanLineForm()] };
        Render<MudPopoverProvider>();
        var cut = Render<SummaryAndPlanStepForm>(p => p.Add(x => x.Model, model).Add(x => x.Reference, context.Reference));
        Assert.Empty(cut.FindAll("#f-Lines-0-WhatNeedsToChange")); // closed until a focus area is chosen

        model.Lines[0].FocusArea = "education";
        Button(cut, "Add a line to the family plan").Click();
        Assert.NotNull(cut.Find("#f-Lines-0-WhatNeedsToChange"));
        Assert.Equal(2, model.Lines.Count);

        cut.Find("button[aria-label='Remove line 1']").Click();
        Assert.Single(model.Lines);
        Assert.Equal("", model.Lines[0].FocusArea);
    }

    private static AngleSharp.Dom.IElement Button<T>(IRenderedComponent<T> cut, string text) where T : IComponent =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == text);
}
