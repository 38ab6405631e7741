using System.Globalization;
using FspPortal.Domain.Accounts;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Reference;

namespace FspPortal.Web.Features.Print;

/// <summary>A piece of the printed plan. The same pieces are drawn as HTML (the printable page) and as PDF.</summary>
public abstract record PrintBlock;
public sealed record PrintHeading(string Text, int Level) : PrintBlock;
public sealed record PrintFacts(IReadOnlyList<PrintFact> Rows) : PrintBlock;
public sealed record PrintFact(string Label, string Value);
public sealed record PrintParagraph(string Text) : PrintBlock;
public sealed record PrintList(IReadOnlyList<string> Items) : PrintBlock;
/// <summary>A table; <see cref="Widths"/> are relative column widths.</summary>
public sealed record PrintTable(string Caption, IReadOnlyList<string> Columns, IReadOnlyList<double> Widths, IReadOnlyList<IReadOnlyList<string>> Rows) : PrintBlock;
/// <summary>Lines to sign and date by hand on the printed form.</summary>
public sealed record PrintSignatures(IReadOnlyList<string> Labels) : PrintBlock;
/// <summary>A boxed notice at the top that no reader may miss (the family's sharing wishes).</summary>
public sealed record PrintNotice(string Heading, IReadOnlyList<string> Lines) : PrintBlock;

/// <summary>"Our Family Support Plan": what is printed, in order, with the marking and the reference for every page.</summary>
public sealed record Printout(string Title, string Marking, string Reference, IReadOnlyList<PrintBlock> Blocks, string PdfFileName = "pending-family-support-plan.pdf")
{
    public const string OfficialSensitive = "OFFICIAL-SENSITIVE";

    /// <summary>"FSP-000123-family-support-plan.pdf", or "pending-…" before numbering; never the child's name (a file name travels).</summary>
    public static string PdfFileNameFor(string? reference) => $"{reference ?? "pending"}-family-support-plan.pdf";

    /// <summary>The sections, in the order of the plan, then the latest review and the consent statement with the family's answers.</summary>
    public static Printout For(PlanDetails plan, string? reference, ReferenceSnapshot labels, DateTime nowUtc)
    {
        var b = new List<PrintBlock>();
        string Label(string list, string? code) => code is null ? "" : labels.Label(list, code);

        b.Add(new PrintFacts([
            new("Child", plan.Child.FullName), new("Family name", plan.FamilyName ?? ""), new("Reference", reference ?? "Pending (given overnight)"),
            new("Status", plan.Status switch { PlanStatus.Draft => "In progress", PlanStatus.Completed => "Open", _ => "Closed" }),
            new("Printed", UkTime.Format(nowUtc)),
        ]));
        foreach (var notice in FamilysWishes(plan)) b.Add(notice);

        b.Add(new PrintHeading("Consent and practitioner", 2));
        b.Add(new PrintFacts([
            new("The family agrees to share information", plan.Consent.AgreesToSharing ? "Yes" : "No"),
            new("Not to be shared with", plan.DoNotShareWords),
            new("Consent given by", plan.Consent.GivenBy ?? ""), new("Date consent given", PlanText.Date(plan.Consent.GivenOn)),
            new("Practitioner", Join(", ", plan.Practitioner.Name, plan.Practitioner.Role)),
            new("Agency", Label(ReferenceLists.Agencies, plan.Practitioner.AgencyCode)), new("Email", plan.Practitioner.Email ?? ""),
            new("Phone number", PhoneNumber.Display(plan.Practitioner.Phone)),
            new("What's prompting this FSP?", Join(" ", Label(ReferenceLists.Prompts, plan.Practitioner.PromptCode), plan.Practitioner.PromptOther)),
        ]));

        b.Add(new PrintHeading("Focus child and main parent", 2));
        b.Add(new PrintFacts([
            new("Focus child", plan.Child.FullName), new("Date of birth", PlanText.Date(plan.Child.DateOfBirth)),
            new("Gender", Label(ReferenceLists.Genders, plan.Child.GenderCode)), new("School or setting", plan.Child.SchoolOrSetting ?? ""),
            new("Address", PlanText.Address(plan.Child.Address)), new("Main parent or carer", PlanText.Parent(plan.MainParent, labels)),
            new("Second parent or carer", plan.SecondParent is null ? "None added" : PlanText.Parent(plan.SecondParent, labels)),
        ]));

        b.Add(new PrintHeading("Family members and important people", 2));
        b.Add(plan.FamilyMembers.Count == 0 ? new PrintParagraph("None added.") : new PrintTable("Family members and important people",
            ["Name", "Relationship", "Date of birth", "Part of FSP"], [3, 2, 2, 1.2],
            [.. plan.FamilyMembers.Select(m => (IReadOnlyList<string>)[m.Name ?? "", Label(ReferenceLists.Relationships, m.RelationshipCode), PlanText.Date(m.DateOfBirth), m.PartOfFsp ? "Yes" : "No"])]));

        b.Add(new PrintHeading("Contacts, key information and services", 2));
        b.Add(new PrintFacts([
            new("Parent contact details", plan.Contacts.ParentContactDetails ?? ""),
            new("Interpreter needed", plan.Contacts.InterpreterNeeded ? $"Yes ({plan.Contacts.Language})" : "No"),
            new("Accessibility needs", plan.Contacts.AccessibilityNeeds ?? ""), new("Other key information", plan.Contacts.OtherKeyInformation ?? ""),
        ]));
        b.Add(plan.OtherServices.Count == 0 ? new PrintParagraph("Other services: none added.") : new PrintTable("Other services",
            ["Service", "Contact", "Role", "Phone or email"], [2, 2, 2, 2],
            [.. plan.OtherServices.Select(s => (IReadOnlyList<string>)[s.ServiceName ?? "", s.ContactName ?? "", s.Role ?? "", s.PhoneOrEmail ?? ""])]));

        b.Add(new PrintHeading("Family's Story", 2));
        b.Add(new PrintFacts([new("Key events happening now", plan.FamilyStory.KeyEventsNow ?? ""), new("Past events", plan.FamilyStory.PastEvents ?? "")]));

        b.Add(new PrintHeading("Child's Story", 2));
        foreach (var (key, name) in plan.FocusChildren)
        {
            var story = plan.ChildStories.FirstOrDefault(s => s.ChildKey == key);
            b.Add(new PrintHeading(name, 3));
            b.Add(new PrintFacts([
                new("What is working well", story?.WorkingWell ?? ""), new("What could be better", story?.CouldBeBetter ?? ""),
                new("Who they can talk to", story?.WhoTheyCanTalkTo ?? ""),
            ]));
        }

        b.Add(new PrintHeading("Aspects of Life", 2));
        b.Add(new PrintTable("Aspects of Life", ["Aspect of life", "Score (1 to 10)"], [4, 1.2],
            [.. plan.AspectScores.Select(s => (IReadOnlyList<string>)[Label(ReferenceLists.Aspects, s.AspectCode), Score(s)])]));

        b.Add(new PrintHeading("Practitioner Summary and Family Plan", 2));
        b.Add(new PrintParagraph(plan.PractitionerSummary ?? ""));
        b.Add(new PrintTable("Family Plan", ["Focus area", "What needs to change", "What will be done", "Who", "By when", "Score", "Line"], [2.2, 3, 3, 1.5, 1.6, 0.9, 1],
            [.. plan.PlanLines.Select(l => (IReadOnlyList<string>)[Label(ReferenceLists.Aspects, l.FocusAreaCode), l.WhatNeedsToChange ?? "", l.WhatWillBeDone ?? "",
                l.Who ?? "", PlanText.Date(l.ByWhen), l.ScoreNow?.ToString(CultureInfo.InvariantCulture) ?? "", l.IsClosed ? "Closed" : "Open"])]));

        if (plan.Needs.Count > 0)
        {
            // The family's needs (headline outcomes), their progress at the latest review, and at closure when closed.
            var closure = plan.Status == PlanStatus.Closed ? plan.Closure : null;
            var latest = plan.Reviews.LastOrDefault(r => r.Needs is { Count: > 0 });
            b.Add(new PrintHeading("The family's needs", 2));
            b.Add(new PrintTable("The family's needs", ["Need (outcome)", "Latest review", "Significant and sustained progress at closure"], [4, 2, 5],
                [.. plan.Needs.Select(code => (IReadOnlyList<string>)[Label(ReferenceLists.Aspects, code),
                    latest?.Needs!.FirstOrDefault(n => n.OutcomeCode == code) is { } p ? Outcomes.OutcomeWords.Progress(p.Progress) : "",
                    closure?.Outcomes?.FirstOrDefault(o => o.OutcomeCode == code) is { } o ? Join(": ", Outcomes.OutcomeWords.AtClosure(o.Progress), o.Evidence) : ""])]));
        }

        b.Add(new PrintHeading("Family name and next review", 2));
        b.Add(new PrintFacts([
            new("Family name", plan.FamilyName ?? ""),
            new("Next review", Join(" ", PlanText.Date(plan.NextReview.Date), plan.NextReview.Time?.ToString("HH:mm", CultureInfo.InvariantCulture),
                string.IsNullOrWhiteSpace(plan.NextReview.Location) ? null : $"at {plan.NextReview.Location}")),
        ]));

        b.Add(new PrintHeading("Latest review", 2));
        if (plan.LatestReview is not { } review) b.Add(new PrintParagraph("No review yet."));
        else
        {
            b.Add(new PrintFacts([
                new("Review", $"Review {review.Number} of {plan.Reviews.Count}, meeting on {PlanText.Date(review.MeetingDate)}"),
                new("Attended", PlanText.People(review.Attendees.Where(a => !a.SentApologies))),
                new("Sent apologies", PlanText.People(review.Attendees.Where(a => a.SentApologies))),
                new("Review summary", review.Summary ?? ""),
                new("Next steps", review.NextStep == ReviewNextStep.ClosePlan
                    ? $"Close the family support plan because: {Join(" ", Label(ReferenceLists.ClosureReasons, review.ClosureReasonCode), review.ClosureOther)}"
                    : $"Continue the plan; next review {PlanText.Date(review.NextReview.Date)}"),
            ]));
            b.Add(new PrintTable("Progress at the latest review", ["Focus area", "What needs to change", "Progress", "Score", "Line"], [2.2, 4, 1.6, 1.2, 1],
                [.. review.Lines.Select(l => (IReadOnlyList<string>)[Label(ReferenceLists.Aspects, l.Line.FocusAreaCode), l.Line.WhatNeedsToChange ?? "",
                    l.IsNew ? "New" : l.Progress switch { LineProgress.Done => "Done", LineProgress.Partly => "Partly", _ => "Not yet" },
                    l.ScoreBefore is { } before ? $"{before} → {l.Line.ScoreNow}" : l.Line.ScoreNow?.ToString(CultureInfo.InvariantCulture) ?? "",
                    l.Closed ? "Closed" : "Open"])]));
        }

        b.Add(new PrintHeading(ConsentStatement.Heading, 2));
        b.Add(new PrintParagraph(ConsentStatement.Introduction));
        b.Add(new PrintParagraph(ConsentStatement.Lead));
        b.Add(new PrintList(ConsentStatement.Points));
        b.Add(new PrintHeading("The family's answers", 3));
        b.Add(new PrintFacts([
            new("I agree that my family's information may be shared", plan.Consent.AgreesToSharing ? "Yes" : "No"),
            new("I do not agree that it may be shared with", plan.DoNotShareWords),
            new("Consent given by", plan.Consent.GivenBy ?? ""), new("Date consent given", PlanText.Date(plan.Consent.GivenOn)),
        ]));
        b.Add(new PrintSignatures(["Signature of parent or carer", "Date", "Signature of practitioner", "Date"]));

        return new Printout("Our Family Support Plan", OfficialSensitive, reference ?? "Reference pending", b, PdfFileNameFor(reference));
    }

    /// <summary>
    /// The family's sharing wishes, boxed before anything else: consent withdrawn, who they do not agree to share with,
    /// and anyone added despite that (with the coordinator's reason). Nothing when the family named no one.
    /// </summary>
    public static IEnumerable<PrintNotice> FamilysWishes(PlanDetails plan)
    {
        if (plan.ConsentWithdrawn is { } withdrawn)
            yield return new PrintNotice("The family withdrew their consent to share",
                [$"On {PlanText.Date(withdrawn.WithdrawnOn)}. This plan must not be shared with anyone new.", .. withdrawn.Note is null ? Array.Empty<string>() : [withdrawn.Note]]);
        if (plan.Consent.DoNotShareWith.Count > 0)
            yield return new PrintNotice("The family does not agree to share this plan with",
                [.. plan.Consent.DoNotShareWith.Select(e => e.Describe()),
                 .. plan.SharingOverrides.Select(o => $"{o.UserName} was added by the coordinator although they match {string.Join(", ", o.Entries)}, on {PlanText.Date(DateOnly.FromDateTime(UkTime.ToUk(o.ConfirmedUtc)))}: {o.Reason}")]);
    }

    private static string Score(AspectScore s) => s.NotApplicable ? "N/A" : s.Score?.ToString(CultureInfo.InvariantCulture) ?? "";
    private static string Join(string separator, params string?[] parts) => string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
