using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Plans.Wizard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Plans;

/// <summary>The stepper's service over a real SQLite file: drafts kept, separate, private; the seed's limits gone.</summary>
[Trait("Category", "Integration")]
public sealed class WizardServiceTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();
    private PlanWizardService Wizard => portal.Services.GetRequiredService<PlanWizardService>();
    private static WizardStep Step(int n) => WizardSteps.Get(n)!;
    private string sam = "", alex = "";

    public async Task InitializeAsync()
    {
        sam = (await portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes")).Id;
        alex = (await portal.CreateUserAsync("alex@hub.example.org", "tangerine bicycle under moonlight", "Alex Other")).Id;
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private async Task<DateOnly> TodayAsync() => (await Wizard.ContextAsync()).Today;

    private async Task<ChildAndParentsStep> OwenAsync() => new()
    {
        FirstName = "Owen", LastName = "Smith", DateOfBirth = (await TodayAsync()).AddYears(-9).ToString("yyyy-MM-dd"),
        Address = new AddressForm { Line1 = "1 High Street", Postcode = "po1 2ab" },
        MainParent = new ParentForm { Name = "Jane Smith", Relationship = "mother", SameAddressAsChild = true },
        HasSecondParent = true,
        SecondParent = new ParentForm { Name = "Tom Smith", Relationship = "father", SameAddressAsChild = false, AddressKnown = false },
    };

    [Fact]
    public async Task A_saved_step_survives_a_new_context_and_a_restart_of_the_app()
    {
        var id = await Wizard.StartAsync(sam);
        Assert.True((await Wizard.SaveStepAsync(id, sam, Step(2), await OwenAsync())).Succeeded);

        await portal.StopKeepingDataAsync();
        await using var restarted = new PortalFactory(portal.DataDirectory);
        var plan = (await restarted.Services.GetRequiredService<PlanWizardService>().LoadAsync(id, sam))!;
        Assert.Equal("Owen Smith", plan.Plan.Child.FullName);
        Assert.Equal("PO1 2AB", plan.Plan.Child.Address.Postcode);
        Assert.Equal(2, plan.LastStep);
        Assert.Null(plan.Plan.SecondParent!.Address); // a second parent with no address
    }

    [Fact]
    public async Task Hidden_characters_typed_or_pasted_into_a_name_are_not_stored()
    {
        var id = await Wizard.StartAsync(sam);
        var owen = await OwenAsync();
        owen.FirstName = "Ow\0en";
        owen.LastName = "\u202Ehtims"; // a right-to-left override: would display as "smith"
        Assert.True((await Wizard.SaveStepAsync(id, sam, Step(2), owen)).Succeeded);

        var plan = (await Wizard.LoadAsync(id, sam))!;
        Assert.Equal(("Owen", "htims"), (plan.Plan.Child.FirstName, plan.Plan.Child.LastName));
    }

    [Fact]
    public async Task A_step_left_untouched_restores_nothing_and_a_changed_one_says_it_was_restored()
    {
        var id = await Wizard.StartAsync(sam);
        Assert.True((await Wizard.SaveStepAsync(id, sam, Step(5), new FamilyStoryStep { KeyEventsNow = "Saved words" })).Succeeded);
        var context = await Wizard.ContextAsync();

        // Back from step 5 keeps the step as it is, untouched: opening it again restores nothing.
        Assert.True(await Wizard.AutosaveAsync(id, sam, Step(5), new FamilyStoryStep { KeyEventsNow = "Saved words" }));
        var (_, untouched) = PlanWizardService.ReadStepAndDraft((await Wizard.LoadAsync(id, sam))!, Step(5), context);
        Assert.False(untouched);

        Assert.True(await Wizard.AutosaveAsync(id, sam, Step(5), new FamilyStoryStep { KeyEventsNow = "Saved words, and more typed" }));
        var (model, restored) = PlanWizardService.ReadStepAndDraft((await Wizard.LoadAsync(id, sam))!, Step(5), context);
        Assert.True(restored);
        Assert.Equal("Saved words, and more typed", ((FamilyStoryStep)model).KeyEventsNow);
    }

    [Fact]
    public async Task Typing_kept_by_the_autosave_comes_back_even_when_it_is_not_valid_yet()
    {
        var id = await Wizard.StartAsync(sam);
        var typed = new FamilyStoryStep { KeyEventsNow = new string('x', 4100) }; // over the limit: Next would refuse it
        Assert.False((await Wizard.SaveStepAsync(id, sam, Step(5), typed)).Succeeded);

        var context = await Wizard.ContextAsync();
        var back = (FamilyStoryStep)PlanWizardService.ReadStep((await Wizard.LoadAsync(id, sam))!, Step(5), context);
        Assert.Equal(4100, back.KeyEventsNow.Length); // nothing silently cut, nothing lost
        typed.KeyEventsNow = "Mum has started a new job";
        Assert.True((await Wizard.SaveStepAsync(id, sam, Step(5), typed)).Succeeded);
        var saved = (await Wizard.LoadAsync(id, sam))!;
        Assert.Null(saved.UnsavedStep);
        Assert.Equal("Mum has started a new job", saved.Plan.FamilyStory.KeyEventsNow);
    }

    [Fact]
    public async Task Two_drafts_of_one_user_stay_separate()
    {
        var first = await Wizard.StartAsync(sam);
        var second = await Wizard.StartAsync(sam);
        await Wizard.SaveStepAsync(first, sam, Step(2), await OwenAsync());
        var mia = await OwenAsync();
        mia.FirstName = "Mia";
        await Wizard.SaveStepAsync(second, sam, Step(2), mia);
        await Wizard.AutosaveAsync(first, sam, Step(5), new FamilyStoryStep { KeyEventsNow = "only in the first" });

        Assert.Equal("Owen", (await Wizard.LoadAsync(first, sam))!.Plan.Child.FirstName);
        Assert.Equal("Mia", (await Wizard.LoadAsync(second, sam))!.Plan.Child.FirstName);
        Assert.Null((await Wizard.LoadAsync(second, sam))!.UnsavedStepJson);
        Assert.Equal(2, (await Wizard.ListDraftsAsync(sam)).Count);
    }

    [Fact]
    public async Task Another_user_cannot_open_save_or_autosave_someone_elses_draft()
    {
        var id = await Wizard.StartAsync(sam);
        await Wizard.SaveStepAsync(id, sam, Step(2), await OwenAsync());

        Assert.Null(await Wizard.LoadAsync(id, alex));
        Assert.Empty(await Wizard.ListDraftsAsync(alex));
        Assert.Equal("This plan was not found.", (await Wizard.SaveStepAsync(id, alex, Step(5), new FamilyStoryStep { KeyEventsNow = "x" })).Problem);
        Assert.False(await Wizard.AutosaveAsync(id, alex, Step(5), new FamilyStoryStep { KeyEventsNow = "x" }));
        Assert.Null((await Wizard.LoadAsync(id, sam))!.UnsavedStepJson);
    }

    [Fact]
    public async Task The_seed_limits_are_gone_twenty_members_three_focus_children_twelve_lines_and_readable_phone_numbers()
    {
        var today = await TodayAsync();
        var id = await Wizard.StartAsync(sam);
        Assert.True((await Wizard.SaveStepAsync(id, sam, Step(1), new ConsentStep
        {
            AgreesToSharing = true, ConsentGivenBy = "Jane Smith", ConsentDate = today.ToString("yyyy-MM-dd"), PractitionerName = "Sam Hughes",
            Agency = "school", Role = "Pastoral lead", Email = "sam@school.example.org", Phone = "023 9268 8000 ext. 123", Prompt = "family-request",
        })).Succeeded);
        await Wizard.SaveStepAsync(id, sam, Step(2), await OwenAsync());
        var members = new FamilyMembersStep
        {
            Members = Enumerable.Range(1, 20).Select(i => new FamilyMemberForm
            {
                Name = $"Person {i}", Relationship = i <= 2 ? "sibling" : "friend",
                DateOfBirth = i <= 2 ? today.AddYears(-5 - i).ToString("yyyy-MM-dd") : "", PartOfFsp = i <= 2,
            }).ToList(),
        };
        var membersSaved = await Wizard.SaveStepAsync(id, sam, Step(3), members);
        Assert.True(membersSaved.Succeeded, membersSaved.Problem + string.Join(";", membersSaved.Errors));

        var context = await Wizard.ContextAsync();
        var stories = (ChildStoriesStep)PlanWizardService.ReadStep((await Wizard.LoadAsync(id, sam))!, Step(6), context);
        Assert.Equal(["Owen Smith", "Person 1", "Person 2"], stories.Stories.Select(s => s.ChildName));
        foreach (var s in stories.Stories) s.WorkingWell = $"{s.ChildName} likes school";
        Assert.True((await Wizard.SaveStepAsync(id, sam, Step(6), stories)).Succeeded);

        var lines = new SummaryAndPlanStep
        {
            Lines = Enumerable.Range(1, 12).Select(i => new PlanLineForm
            {
                FocusArea = "education", WhatNeedsToChange = $"Change {i}", WhatWillBeDone = "Do it", Who = "Jane",
                ByWhen = today.AddDays(i).ToString("yyyy-MM-dd"), ScoreNow = "5",
            }).ToList(),
        };
        Assert.True((await Wizard.SaveStepAsync(id, sam, Step(8), lines)).Succeeded);

        var plan = (await Wizard.LoadAsync(id, sam))!.Plan;
        Assert.Equal(20, plan.FamilyMembers.Count);
        Assert.Equal(3, plan.FocusChildren.Count);
        Assert.Equal(3, plan.ChildStories.Count);
        Assert.Equal(12, plan.PlanLines.Count);
        Assert.Equal("+442392688000x123", plan.Practitioner.Phone);
        var step1 = (ConsentStep)PlanWizardService.ReadStep((await Wizard.LoadAsync(id, sam))!, Step(1), context);
        Assert.Equal("023 9268 8000 ext. 123", step1.Phone);
    }

    [Fact]
    public async Task A_closed_plans_needs_stay_as_answered_and_a_plan_closed_before_needs_existed_still_saves_step_9()
    {
        var context = await Wizard.ContextAsync();
        foreach (var withNeeds in new[] { true, false })
        {
            var plan = PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-30));
            plan.Close(sam, "needs-met", null, ["needs-met"], DateTime.UtcNow.AddDays(-1), FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan));
            if (!withNeeds) plan = Plan.FromState(plan.ToState() with { Needs = null, Closure = plan.Closure! with { Outcomes = null } });
            var id = await portal.AddAsync(plan);

            var step9 = (FinishStep)PlanWizardService.ReadStep((await Wizard.LoadAsync(id, sam))!, Step(9), context);
            Assert.True(step9.NeedsLocked);
            Assert.Equal(withNeeds ? ["education"] : [], step9.Needs.Where(n => n.Chosen).Select(n => n.Code));
            step9.FamilyName = "Smith-Jones";
            var saved = await Wizard.SaveStepAsync(id, sam, Step(9), step9);
            Assert.True(saved.Succeeded, saved.Problem);
            var after = (await Wizard.LoadAsync(id, sam))!.Plan;
            Assert.Equal("Smith-Jones", after.FamilyName);
            Assert.Equal(withNeeds ? ["education"] : [], after.Needs);
        }
    }

    [Fact]
    public async Task A_finished_plan_is_completed_and_no_longer_a_draft()
    {
        var today = await TodayAsync();
        var id = await Wizard.StartAsync(sam);
        await Wizard.SaveStepAsync(id, sam, Step(1), new ConsentStep
        {
            AgreesToSharing = true, ConsentGivenBy = "Jane Smith", ConsentDate = today.ToString("yyyy-MM-dd"), PractitionerName = "Sam Hughes",
            Agency = "school", Role = "Lead", Email = "sam@school.example.org", Phone = "+44 7700 900123", Prompt = "ehcp",
        });
        await Wizard.SaveStepAsync(id, sam, Step(2), await OwenAsync());
        Assert.Contains("every aspect of life", (await Wizard.FinishAsync(id, sam)).Problem);

        var context = await Wizard.ContextAsync();
        await Wizard.SaveStepAsync(id, sam, Step(7), new AspectsStep { Scores = context.Reference.ActiveAspectCodes.Select(c => new AspectScoreForm { AspectCode = c, Label = c, Score = "NA" }).ToList() });
        await Wizard.SaveStepAsync(id, sam, Step(8), new SummaryAndPlanStep { Lines = [new PlanLineForm { FocusArea = "education", WhatNeedsToChange = "a", WhatWillBeDone = "b", Who = "c", ByWhen = today.ToString("yyyy-MM-dd"), ScoreNow = "3" }] });
        var noNeeds = await Wizard.SaveStepAsync(id, sam, Step(9), new FinishStep { FamilyName = "Smith", ReviewDate = today.AddDays(42).ToString("yyyy-MM-dd") });
        Assert.Contains(("Needs", "Choose at least one of the family's needs."), noNeeds.Errors);
        var step9 = (FinishStep)PlanWizardService.ReadStep((await Wizard.LoadAsync(id, sam))!, Step(9), context);
        Assert.Equal(["education"], step9.Needs.Where(n => n.Chosen).Select(n => n.Code)); // pre-selected: step 8's focus area (every aspect was N/A)
        step9.FamilyName = "Smith";
        step9.ReviewDate = today.AddDays(42).ToString("yyyy-MM-dd");
        Assert.True((await Wizard.SaveStepAsync(id, sam, Step(9), step9)).Succeeded);

        var finished = await Wizard.FinishAsync(id, sam);
        Assert.True(finished.Succeeded, finished.Problem);
        Assert.Equal(["education"], (await Wizard.LoadAsync(id, sam))!.Plan.Needs);
        Assert.Equal(PlanStatus.Completed, (await Wizard.LoadAsync(id, sam))!.Plan.Status);
        Assert.Empty(await Wizard.ListDraftsAsync(sam));
        await using var db = await portal.CreateDbContextAsync();
        var row = await db.Plans.SingleAsync(p => p.Id == id);
        Assert.Equal(("Owen", "Smith", "PO12AB", "Smith"), (row.ChildFirstName, row.ChildLastName, row.PostcodeSearch, row.FamilyName));
    }

    [Fact]
    public async Task Step_1_of_a_new_plan_starts_with_the_practitioners_own_details_and_never_overwrites_recorded_ones()
    {
        await using (var db = await portal.CreateDbContextAsync())
        {
            var account = await db.Users.SingleAsync(u => u.Id == sam);
            (account.JobTitle, account.PhoneNumber) = ("Pastoral lead", "+442392681234");
            await db.SaveChangesAsync();
        }
        var context = await Wizard.ContextAsync();
        var id = await Wizard.StartAsync(sam);

        var step1 = (ConsentStep)PlanWizardService.ReadStep((await Wizard.LoadAsync(id, sam))!, Step(1), context);

        Assert.Equal(("Sam Hughes", "school", "Pastoral lead", "sam@school.example.org"), (step1.PractitionerName, step1.Agency, step1.Role, step1.Email));
        Assert.Equal(FspPortal.Domain.Accounts.PhoneNumber.Display("+442392681234"), step1.Phone);
        Assert.Equal("", step1.ConsentGivenBy); // only the practitioner's own fields

        // A plan whose practitioner is recorded shows that practitioner to everyone, not the reader.
        var recorded = await portal.AddAsync(PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-1)),
            extraMembers: [new PlanMember(alex, PlanRole.TeamAroundFamily, true)]);
        var asAlex = (ConsentStep)PlanWizardService.ReadStep((await Wizard.LoadAsync(recorded, alex))!, Step(1), context);
        Assert.Equal(("Sam Hughes", "Pastoral lead"), (asAlex.PractitionerName, asAlex.Role));
    }
}
