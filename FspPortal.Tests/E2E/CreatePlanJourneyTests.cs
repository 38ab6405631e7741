using System.Text.RegularExpressions;
using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// The seed's example family through Create New FSP Plan in Chromium: two focus children with their own stories,
/// nine family members, eight plan lines; the tab is closed at step 5 and the draft resumed after signing in again.
/// axe-core checks every step empty, filled and with errors.
/// </summary>
[Trait("Category", "E2E")]
public sealed class CreatePlanJourneyTests : BrowserJourney
{
    private const string Email = "sam.hughes@school.example.org";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    private readonly List<string> axe = [];

    protected override Task SeedAsync() => Portal.CreateUserAsync(Email, Password, "Sam Hughes");

    private async Task CheckAsync(IPage page, string state) => axe.AddRange(await page.AxeViolationsAsync(state));

    private static Task NextAsync(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();

    private static Task HeadingAsync(IPage page, string title) =>
        Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();

    [Fact]
    public async Task A_practitioner_creates_the_seed_family_resumes_after_closing_the_tab_and_finishes()
    {
        var page = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, page, Email, Password);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Create New FSP Plan" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start a new plan" }).ClickAsync();

        // Step 1: empty, then refused with errors, then filled.
        await HeadingAsync(page, "Consent and practitioner");
        await CheckAsync(page, "Step 1 empty");
        await NextAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" })).ToContainTextAsync("Enter who gave consent.");
        await Assertions.Expect(page.Locator(".mud-input-helper-text.mud-input-error").Filter(new() { HasText = "Enter who gave consent." })).ToBeVisibleAsync();
        await CheckAsync(page, "Step 1 errors");
        await page.GetByLabel("I agree that our family's information may be shared with those working with us").CheckAsync();
        await page.GetByLabel("Consent given by", new() { Exact = true }).FillAsync("Jane Smith");
        await page.GetByLabel("Date consent given").FillAsync(Iso(Today.AddDays(-1)));
        await page.GetByLabel("Practitioner name").FillAsync("Sam Hughes");
        await page.ChooseAsync("Agency", "School");
        await page.GetByLabel("Role", new() { Exact = true }).FillAsync("Pastoral lead");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(Email);
        await page.GetByLabel("Phone number").FillAsync("023 9268 8000 ext. 123");
        await page.ChooseAsync("What's prompting this FSP?", "Family request");
        await CheckAsync(page, "Step 1 filled");
        await NextAsync(page);

        // Step 2: Owen, his mother, and a second parent with no address.
        await HeadingAsync(page, "Focus child and main parent");
        await CheckAsync(page, "Step 2 empty");
        await page.GetByLabel("First name", new() { Exact = true }).FillAsync("Owen");
        await page.GetByLabel("Last name", new() { Exact = true }).FillAsync("Smith");
        await page.GetByLabel("Date of birth", new() { Exact = true }).FillAsync(Iso(Today.AddYears(-9)));
        await page.GetByLabel("School or setting").FillAsync("Oak Primary");
        await page.GetByLabel("Child's Address line 1").FillAsync("1 High Street");
        await page.GetByLabel("Child's Town or city").FillAsync("Portsmouth");
        await page.GetByLabel("Child's Postcode").FillAsync("PO1 2AB");
        await page.GetByLabel("Main parent: Name").FillAsync("Jane Smith");
        await page.ChooseAsync("Main parent: Relationship to the child", "Mother");
        await page.GetByLabel("Add a second parent or carer").CheckAsync();
        await page.GetByLabel("Second parent: Name").FillAsync("Tom Smith");
        await page.ChooseAsync("Second parent: Relationship to the child", "Father");
        await CheckAsync(page, "Step 2 filled");
        await NextAsync(page);

        // Step 3: nine people (the seed allowed eight); Ethan is part of the FSP.
        await HeadingAsync(page, "Family members and important people");
        await CheckAsync(page, "Step 3 empty");
        (string Name, string Relationship, DateOnly? Born, bool Focus)[] people =
        [
            ("Ethan Smith", "Sibling", Today.AddYears(-7), true), ("Mary Smith", "Grandparent", Today.AddYears(-68), false),
            ("Bill Smith", "Grandparent", Today.AddYears(-70), false), ("Lucy Jones", "Aunt or uncle", null, false),
            ("Mark Jones", "Aunt or uncle", null, false), ("Ava Jones", "Cousin", Today.AddYears(-10), false),
            ("Pat Green", "Neighbour", null, false), ("Chris Brown", "Friend", null, false), ("Sue Smith", "Step-parent", null, false),
        ];
        for (var i = 0; i < people.Length; i++)
        {
            var n = i + 1;
            await page.GetByRole(AriaRole.Button, new() { Name = "Add a family member or important person" }).ClickAsync();
            await page.GetByLabel($"Name (person {n})").FillAsync(people[i].Name);
            await page.ChooseAsync($"Relationship (person {n})", people[i].Relationship);
            if (people[i].Born is { } born) await page.GetByLabel($"Date of birth, if known (person {n})").FillAsync(Iso(born));
            if (people[i].Focus) await page.GetByLabel($"Part of FSP (person {n})").CheckAsync();
        }
        await CheckAsync(page, "Step 3 filled");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "step-3-family-members.png"), FullPage = true });
        await NextAsync(page);

        // Step 4.
        await HeadingAsync(page, "Contacts, key information and services");
        await CheckAsync(page, "Step 4 empty");
        await page.GetByLabel("Parent contact details").FillAsync("Dad: +44 7700 900123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a service" }).ClickAsync();
        await page.GetByLabel("Service (service 1)").FillAsync("Housing Officer");
        await page.GetByLabel("Contact name (service 1)").FillAsync("Kim Lee");
        await NextAsync(page);

        // Step 5: type, wait for the autosave, close the tab.
        await HeadingAsync(page, "Family's Story");
        await CheckAsync(page, "Step 5 empty");
        await page.GetByLabel("Key events happening now").FillAsync("Mum has started a new job; mornings are hard.");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Draft saved" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();

        // Sign in again in a new browser, resume from In progress.
        page = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, page, Email, Password);
        await page.GotoAsync("plans/new");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Resume the plan for Owen Smith" }).ClickAsync();
        await HeadingAsync(page, "Family's Story");
        await Assertions.Expect(page.GetByLabel("Key events happening now")).ToHaveValueAsync("Mum has started a new job; mornings are hard.");
        await page.GetByLabel("Past events").FillAsync("Moved house last year.");
        await CheckAsync(page, "Step 5 filled");
        await NextAsync(page);

        // Step 6: one panel per focus child.
        await HeadingAsync(page, "Child's Story");
        await page.GetByLabel("What is working well for Owen Smith").FillAsync("Happy at school and I love Maths");
        await page.GetByLabel("What is working well for Ethan Smith").FillAsync("I like Science");
        await CheckAsync(page, "Step 6 filled");
        await NextAsync(page);

        // Step 7: refused while unscored, then every aspect scored or N/A.
        await HeadingAsync(page, "Aspects of Life");
        await NextAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" })).ToContainTextAsync("Getting a good education: choose a score");
        await CheckAsync(page, "Step 7 errors");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "step-7-errors.png") });
        string[] aspects = ["Getting a good education", "Good early years development", "Improved mental and physical health",
            "Promoting recovery and reducing harm from substance use", "Improved family relationships", "Children safe from abuse and exploitation",
            "Crime prevention and tackling crime", "Safe from domestic abuse", "Secure housing", "Financial stability"];
        for (var i = 0; i < aspects.Length; i++) await page.ChooseAsync(aspects[i], i % 4 == 3 ? "N/A" : $"{i % 10 + 1}");
        await CheckAsync(page, "Step 7 filled");
        await NextAsync(page);

        // Step 8: eight plan lines (the seed allowed six).
        await HeadingAsync(page, "Practitioner Summary and Family Plan");
        await CheckAsync(page, "Step 8 empty");
        await page.GetByLabel("Practitioner Summary").FillAsync("The family are keen to work together.");
        for (var n = 1; n <= 8; n++)
        {
            if (n > 1) await page.GetByRole(AriaRole.Button, new() { Name = "Add a line to the family plan" }).ClickAsync();
            await page.ChooseAsync($"Focus area (line {n})", aspects[n % aspects.Length]);
            await page.GetByLabel($"What needs to change (line {n})").FillAsync($"Change number {n}");
            await page.GetByLabel($"What will be done (line {n})").FillAsync($"Action number {n}");
            await page.GetByLabel($"Who will do it (line {n})").FillAsync("Jane");
            await page.GetByLabel($"By when (line {n})").FillAsync(Iso(Today.AddDays(30 + n)));
            await page.ChooseAsync($"Score now (line {n})", $"{n}");
        }
        await CheckAsync(page, "Step 8 filled");
        await NextAsync(page);

        // Step 9: a review in the past is refused, then a future one.
        await HeadingAsync(page, "Family name and next review");
        await page.GetByLabel("Family name").FillAsync("Smith");
        await page.GetByLabel("Next review date").FillAsync(Iso(Today.AddDays(-1)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: check your answers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" })).ToContainTextAsync("The next review must be after today.");
        await CheckAsync(page, "Step 9 errors");
        await page.GetByLabel("Next review date").FillAsync(Iso(Today.AddDays(42)));
        await page.GetByLabel("Next review time").FillAsync("10:30");
        await page.GetByLabel("Next review location").FillAsync("Oak Primary");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: check your answers" }).ClickAsync();

        // Check your answers, then Finish.
        await HeadingAsync(page, "Check your answers");
        foreach (var section in new[] { "Consent and practitioner", "Family's Story", "Child's Story", "Aspects of Life", "Practitioner Summary and Family Plan" })
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Change {section.ToLowerInvariant()}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("023 9268 8000 ext. 123")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Ava Jones" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Change number 8" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Happy at school and I love Maths")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("I like Science")).ToBeVisibleAsync();
        await CheckAsync(page, "Check your answers");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "check-your-answers.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Finish" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Child FSP Overview: Owen Smith" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("The FSP has now been created")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Reference pending")).ToBeVisibleAsync();
        await CheckAsync(page, "Completed plan");

        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
    }
}
