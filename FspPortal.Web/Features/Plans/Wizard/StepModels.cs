using System.Globalization;
using FspPortal.Domain.Accounts;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Features.Reference;

namespace FspPortal.Web.Features.Plans.Wizard;

/// <summary>What a step's validator and mapping need besides the form: the day (UK) and the reference lists.</summary>
public sealed record StepContext(DateOnly Today, ReferenceSnapshot Reference);

/// <summary>
/// The form of one step, exactly as typed (dates and numbers as text, so a wrong value is kept and explained,
/// never lost). Each step reads itself from the plan and, once its validator passes, applies itself to it.
/// </summary>
public abstract class StepModel
{
    public abstract void ReadFrom(PlanDetails plan, StepContext context);
    public abstract void ApplyTo(Plan plan, StepContext context);

    /// <summary>Typed text as stored: trimmed, empty as null, without hidden characters (NUL, bidirectional overrides…).</summary>
    internal static string? Text(string? value) => FspPortal.Domain.Common.CleanText.StripAndTrim(value) is { Length: > 0 } clean ? clean : null;
    /// <summary>Dates as typed in the UK: 27/03/2019 (also 27/3/2019, 27.03.2019, 27-03-2019), or ISO 2019-03-27 (drafts kept before).</summary>
    internal static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    internal static string DateText(DateOnly? value) => value?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "";
    private static readonly string[] DateFormats = ["d/M/yyyy", "d.M.yyyy", "d-M-yyyy", "d M yyyy", "yyyy-MM-dd"];
    internal static TimeOnly? Time(string? value) =>
        TimeOnly.TryParseExact(value?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
    internal static int? Score(string? value) => int.TryParse(value, out var n) ? n : null;
}

public sealed class AddressForm
{
    public string Line1 { get; set; } = "";
    public string Line2 { get; set; } = "";
    public string Town { get; set; } = "";
    public string Postcode { get; set; } = "";

    public static AddressForm From(Address? a) => new() { Line1 = a?.Line1 ?? "", Line2 = a?.Line2 ?? "", Town = a?.Town ?? "", Postcode = a?.Postcode ?? "" };
    public Address ToAddress() => new(StepModel.Text(Line1), StepModel.Text(Line2), StepModel.Text(Town), StepModel.Text(Postcode)?.ToUpperInvariant());
}

/// <summary>One entry of the family's "do not share with" list, as typed or picked.</summary>
public sealed class DoNotShareForm
{
    public const string Person = "person";
    public const string Organisation = "organisation";
    /// <summary>An entry typed before the list had kinds; the practitioner may say which it is.</summary>
    public const string Either = "either";

    public Guid Id { get; set; } = Guid.NewGuid();
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Set when a person was picked from the portal's users (they can then never be attached).</summary>
    public string? UserId { get; set; }
    /// <summary>"Sam Hughes (School, sam@school.example.org)": who was picked, as shown.</summary>
    public string? UserLabel { get; set; }
    public string Note { get; set; } = "";

    public static DoNotShareForm From(DoNotShareEntry e) => new()
    {
        Kind = e.Kind switch { DoNotShareKind.Person => Person, DoNotShareKind.Organisation => Organisation, _ => Either },
        Name = e.Name, UserId = e.UserId, UserLabel = e.UserId is null ? null : e.Name, Note = e.Note ?? "",
    };

    public DoNotShareEntry ToEntry(ReferenceSnapshot reference)
    {
        var kind = Kind switch { Person => DoNotShareKind.Person, Organisation => DoNotShareKind.Organisation, _ => DoNotShareKind.PersonOrOrganisation };
        var name = StepModel.Text(Name) ?? "";
        // An organisation named as in the agencies list keeps that entry's code (so it still matches if the list's wording changes).
        var agency = kind == DoNotShareKind.Organisation
            ? reference.Choices(ReferenceLists.Agencies).FirstOrDefault(a => Plan.Fold(a.Label) == Plan.Fold(name) && a.Code != ReferenceLists.Other)?.Code
            : null;
        return new DoNotShareEntry(kind, name, kind == DoNotShareKind.Person ? UserId : null, agency, StepModel.Text(Note));
    }
}

/// <summary>Step 1: consent and practitioner.</summary>
public sealed class ConsentStep : StepModel
{
    public bool AgreesToSharing { get; set; }
    /// <summary>The people and organisations the family does not agree to share with, any number.</summary>
    public List<DoNotShareForm> DoNotShare { get; set; } = [];
    /// <summary>Only in form drafts kept before the list was structured (one name per line); read into <see cref="DoNotShare"/>.</summary>
    public string? NotSharedWith { get; set; }
    public string ConsentGivenBy { get; set; } = "";
    public string ConsentDate { get; set; } = "";
    public string PractitionerName { get; set; } = "";
    public string Agency { get; set; } = "";
    public string Role { get; set; } = "";
    public string Email { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Prompt { get; set; } = "";
    public string PromptOther { get; set; } = "";

    public override void ReadFrom(PlanDetails plan, StepContext context)
    {
        AgreesToSharing = plan.Consent.AgreesToSharing;
        DoNotShare = plan.Consent.DoNotShareWith.Select(DoNotShareForm.From).ToList();
        NotSharedWith = null;
        ConsentGivenBy = plan.Consent.GivenBy ?? "";
        ConsentDate = DateText(plan.Consent.GivenOn);
        var p = plan.Practitioner;
        PractitionerName = p.Name ?? ""; Agency = p.AgencyCode ?? ""; Role = p.Role ?? ""; Email = p.Email ?? "";
        Phone = PhoneNumber.Display(p.Phone); Prompt = p.PromptCode ?? ""; PromptOther = p.PromptOther ?? "";
    }

    /// <summary>A form draft kept before the list was structured holds its lines as text: each becomes an entry, nothing typed is lost.</summary>
    public void UpgradeOldDraft()
    {
        if (string.IsNullOrWhiteSpace(NotSharedWith)) return;
        DoNotShare.AddRange(NotSharedWith.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => new DoNotShareForm { Kind = DoNotShareForm.Either, Name = line }));
        NotSharedWith = null;
    }

    /// <summary>Fills the practitioner's fields that are still empty from their account.</summary>
    public void PrefillPractitioner(PractitionerDetails me)
    {
        if (PractitionerName.Length == 0) PractitionerName = me.Name ?? "";
        if (Agency.Length == 0) Agency = me.AgencyCode ?? "";
        if (Role.Length == 0) Role = me.Role ?? "";
        if (Email.Length == 0) Email = me.Email ?? "";
        if (Phone.Length == 0) Phone = PhoneNumber.Display(me.Phone);
    }

    public override void ApplyTo(Plan plan, StepContext context)
    {
        PhoneNumber.TryNormalise(Phone, out var phone, out _);
        plan.RecordConsent(
            new ConsentRecord(AgreesToSharing, DoNotShare.Select(e => e.ToEntry(context.Reference)).ToList(), Text(ConsentGivenBy), Date(ConsentDate)),
            new PractitionerDetails(Text(PractitionerName), Text(Agency), Text(Role), Text(Email), phone, Text(Prompt), Prompt == ReferenceLists.Other ? Text(PromptOther) : null),
            context.Today);
    }
}

public sealed class ParentForm
{
    public string Name { get; set; } = "";
    public string Relationship { get; set; } = "";
    public bool SameAddressAsChild { get; set; } = true;
    public bool AddressKnown { get; set; } = true;
    public AddressForm Address { get; set; } = new();
}

/// <summary>Step 2: the focus child and the main parent; a second parent with or without an address.</summary>
public sealed class ChildAndParentsStep : StepModel
{
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string DateOfBirth { get; set; } = "";
    public string Gender { get; set; } = "";
    public string SchoolOrSetting { get; set; } = "";
    public AddressForm Address { get; set; } = new();
    public ParentForm MainParent { get; set; } = new();
    public bool HasSecondParent { get; set; }
    public ParentForm SecondParent { get; set; } = new() { SameAddressAsChild = false, AddressKnown = false };

    public override void ReadFrom(PlanDetails plan, StepContext context)
    {
        var c = plan.Child;
        FirstName = c.FirstName ?? ""; LastName = c.LastName ?? ""; DateOfBirth = DateText(c.DateOfBirth); Gender = c.GenderCode ?? "";
        SchoolOrSetting = c.SchoolOrSetting ?? ""; Address = AddressForm.From(c.Address);
        if (plan.MainParent is { } main) MainParent = Read(main, c.Address, defaultKnown: true);
        HasSecondParent = plan.SecondParent is not null;
        if (plan.SecondParent is { } second) SecondParent = Read(second, c.Address, defaultKnown: false);
    }

    private static ParentForm Read(ParentCarer p, Address childAddress, bool defaultKnown) => new()
    {
        Name = p.Name ?? "", Relationship = p.RelationshipCode ?? "",
        SameAddressAsChild = p.Address is not null && p.Address == childAddress && childAddress.IsComplete,
        AddressKnown = p.Address is not null || defaultKnown, Address = AddressForm.From(p.Address),
    };

    public override void ApplyTo(Plan plan, StepContext context)
    {
        var childAddress = Address.ToAddress();
        ParentCarer ToParent(ParentForm f) => new(Text(f.Name), Text(f.Relationship),
            f.SameAddressAsChild ? childAddress : f.AddressKnown ? f.Address.ToAddress() : null);
        plan.DescribeChildAndParents(
            new FocusChild(Text(FirstName), Text(LastName), Date(DateOfBirth), Text(Gender), Text(SchoolOrSetting), childAddress),
            ToParent(MainParent), HasSecondParent ? ToParent(SecondParent) : null, context.Today);
    }
}

public sealed class FamilyMemberForm
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Name { get; set; } = "";
    public string Relationship { get; set; } = "";
    public string DateOfBirth { get; set; } = "";
    public bool PartOfFsp { get; set; }
}

/// <summary>Step 3: family members and important people, any number.</summary>
public sealed class FamilyMembersStep : StepModel
{
    public List<FamilyMemberForm> Members { get; set; } = [];

    public override void ReadFrom(PlanDetails plan, StepContext context) =>
        Members = plan.FamilyMembers.Select(m => new FamilyMemberForm
        {
            Id = m.Id, Name = m.Name ?? "", Relationship = m.RelationshipCode ?? "", DateOfBirth = DateText(m.DateOfBirth), PartOfFsp = m.PartOfFsp,
        }).ToList();

    public override void ApplyTo(Plan plan, StepContext context) =>
        plan.SetFamilyMembers(Members.Select(m => new FamilyMember(m.Id, Text(m.Name), Text(m.Relationship), Date(m.DateOfBirth), m.PartOfFsp)), context.Today);
}

public sealed class OtherServiceForm
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string ServiceName { get; set; } = "";
    public string ContactName { get; set; } = "";
    public string Role { get; set; } = "";
    public string PhoneOrEmail { get; set; } = "";
}

/// <summary>Step 4: contacts, key information and other services, any number.</summary>
public sealed class ContactsStep : StepModel
{
    public string ParentContactDetails { get; set; } = "";
    public bool InterpreterNeeded { get; set; }
    public string Language { get; set; } = "";
    public string AccessibilityNeeds { get; set; } = "";
    public string OtherKeyInformation { get; set; } = "";
    public List<OtherServiceForm> Services { get; set; } = [];

    public override void ReadFrom(PlanDetails plan, StepContext context)
    {
        var c = plan.Contacts;
        ParentContactDetails = c.ParentContactDetails ?? ""; InterpreterNeeded = c.InterpreterNeeded; Language = c.Language ?? "";
        AccessibilityNeeds = c.AccessibilityNeeds ?? ""; OtherKeyInformation = c.OtherKeyInformation ?? "";
        Services = plan.OtherServices.Select(s => new OtherServiceForm
        {
            Id = s.Id, ServiceName = s.ServiceName ?? "", ContactName = s.ContactName ?? "", Role = s.Role ?? "", PhoneOrEmail = s.PhoneOrEmail ?? "",
        }).ToList();
    }

    public override void ApplyTo(Plan plan, StepContext context) => plan.SetContacts(
        new ContactDetails(Text(ParentContactDetails), InterpreterNeeded, Text(Language), Text(AccessibilityNeeds), Text(OtherKeyInformation)),
        Services.Select(s => new OtherService(s.Id, Text(s.ServiceName), Text(s.ContactName), Text(s.Role), Text(s.PhoneOrEmail))));
}

/// <summary>Step 5: the family's story.</summary>
public sealed class FamilyStoryStep : StepModel
{
    public string KeyEventsNow { get; set; } = "";
    public string PastEvents { get; set; } = "";

    public override void ReadFrom(PlanDetails plan, StepContext context) { KeyEventsNow = plan.FamilyStory.KeyEventsNow ?? ""; PastEvents = plan.FamilyStory.PastEvents ?? ""; }
    public override void ApplyTo(Plan plan, StepContext context) => plan.TellFamilyStory(new FamilyStory(Text(KeyEventsNow), Text(PastEvents)));
}

public sealed class ChildStoryForm
{
    public string ChildKey { get; set; } = "";
    public string ChildName { get; set; } = "";
    public string WorkingWell { get; set; } = "";
    public string CouldBeBetter { get; set; } = "";
    public string WhoTheyCanTalkTo { get; set; } = "";
}

/// <summary>Step 6: one child's story panel per focus child. Optional.</summary>
public sealed class ChildStoriesStep : StepModel
{
    public List<ChildStoryForm> Stories { get; set; } = [];

    public override void ReadFrom(PlanDetails plan, StepContext context) =>
        Stories = plan.FocusChildren.Select(child =>
        {
            var story = plan.ChildStories.FirstOrDefault(s => s.ChildKey == child.Key);
            return new ChildStoryForm
            {
                ChildKey = child.Key, ChildName = string.IsNullOrWhiteSpace(child.Name) ? "The focus child" : child.Name,
                WorkingWell = story?.WorkingWell ?? "", CouldBeBetter = story?.CouldBeBetter ?? "", WhoTheyCanTalkTo = story?.WhoTheyCanTalkTo ?? "",
            };
        }).ToList();

    public override void ApplyTo(Plan plan, StepContext context)
    {
        var focus = plan.FocusChildren.Select(c => c.Key).ToHashSet();
        plan.TellChildStories(Stories.Where(s => focus.Contains(s.ChildKey))
            .Select(s => new ChildStory(s.ChildKey, Text(s.WorkingWell), Text(s.CouldBeBetter), Text(s.WhoTheyCanTalkTo))));
    }
}

public sealed class AspectScoreForm
{
    public string AspectCode { get; set; } = "";
    public string Label { get; set; } = "";
    /// <summary>"1".."10", "NA", or empty.</summary>
    public string Score { get; set; } = "";
}

/// <summary>Step 7: a score for every aspect of life, 1–10 or N/A.</summary>
public sealed class AspectsStep : StepModel
{
    public const string NotApplicable = "NA";
    public List<AspectScoreForm> Scores { get; set; } = [];

    public override void ReadFrom(PlanDetails plan, StepContext context)
    {
        var codes = context.Reference.ActiveAspectCodes.Union(plan.AspectScores.Select(s => s.AspectCode));
        Scores = codes.Select(code =>
        {
            var saved = plan.AspectScores.FirstOrDefault(s => s.AspectCode == code);
            return new AspectScoreForm
            {
                AspectCode = code, Label = context.Reference.Label(ReferenceLists.Aspects, code),
                Score = saved is null ? "" : saved.NotApplicable ? NotApplicable : saved.Score?.ToString(CultureInfo.InvariantCulture) ?? "",
            };
        }).ToList();
    }

    public override void ApplyTo(Plan plan, StepContext context) =>
        plan.ScoreAspects(Scores.Where(s => !string.IsNullOrEmpty(s.Score))
            .Select(s => s.Score == NotApplicable ? new AspectScore(s.AspectCode, null, true) : new AspectScore(s.AspectCode, Score(s.Score), false)));
}

public sealed class PlanLineForm
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string FocusArea { get; set; } = "";
    public string WhatNeedsToChange { get; set; } = "";
    public string WhatWillBeDone { get; set; } = "";
    public string Who { get; set; } = "";
    public string ByWhen { get; set; } = "";
    public string ScoreNow { get; set; } = "";
}

/// <summary>Step 8: the practitioner summary and the family plan, any number of lines.</summary>
public sealed class SummaryAndPlanStep : StepModel
{
    public string PractitionerSummary { get; set; } = "";
    public List<PlanLineForm> Lines { get; set; } = [];

    public override void ReadFrom(PlanDetails plan, StepContext context)
    {
        PractitionerSummary = plan.PractitionerSummary ?? "";
        Lines = plan.OpenLines.Select(l => new PlanLineForm
        {
            Id = l.Id, FocusArea = l.FocusAreaCode ?? "", WhatNeedsToChange = l.WhatNeedsToChange ?? "", WhatWillBeDone = l.WhatWillBeDone ?? "",
            Who = l.Who ?? "", ByWhen = DateText(l.ByWhen), ScoreNow = l.ScoreNow?.ToString(CultureInfo.InvariantCulture) ?? "",
        }).ToList();
        if (Lines.Count == 0) Lines.Add(new PlanLineForm());
    }

    public override void ApplyTo(Plan plan, StepContext context) => plan.WriteSummaryAndPlan(Text(PractitionerSummary),
        Lines.Select(l => new PlanLine(l.Id, Text(l.FocusArea), Text(l.WhatNeedsToChange), Text(l.WhatWillBeDone), Text(l.Who), Date(l.ByWhen), Score(l.ScoreNow))));
}

/// <summary>One outcome of the Supporting Families framework offered as a need: ticked or not, and whether it was pre-selected.</summary>
public sealed class NeedChoice
{
    public string Code { get; set; } = "";
    public string Label { get; set; } = "";
    public bool Chosen { get; set; }
    public bool Suggested { get; set; }
}

/// <summary>Step 9: the family's needs, the family name and the next review.</summary>
public sealed class FinishStep : StepModel
{
    public string FamilyName { get; set; } = "";
    public string ReviewDate { get; set; } = "";
    public string ReviewTime { get; set; } = "";
    public string ReviewLocation { get; set; } = "";
    public List<NeedChoice> Needs { get; set; } = [];
    /// <summary>A closed plan's needs stay as they were answered at closure (reopen the plan to change them).</summary>
    public bool NeedsLocked { get; set; }

    public override void ReadFrom(PlanDetails plan, StepContext context)
    {
        FamilyName = plan.FamilyName ?? ""; ReviewDate = DateText(plan.NextReview.Date);
        ReviewTime = plan.NextReview.Time?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? ""; ReviewLocation = plan.NextReview.Location ?? "";
        // Until the practitioner chooses, the low scores and the family plan's focus areas are ticked for them.
        var chosen = plan.NeedsChosen || plan.Status == PlanStatus.Closed ? plan.Needs : plan.SuggestedNeeds;
        Needs = context.Reference.ActiveAspectCodes.Union(plan.Needs).Select(code => new NeedChoice
        {
            Code = code, Label = context.Reference.Label(ReferenceLists.Aspects, code), Chosen = chosen.Contains(code), Suggested = plan.SuggestedNeeds.Contains(code),
        }).ToList();
        NeedsLocked = plan.Status == PlanStatus.Closed;
    }

    public override void ApplyTo(Plan plan, StepContext context)
    {
        plan.SetFinishDetails(Text(FamilyName), new NextReview(Date(ReviewDate), Time(ReviewTime), Text(ReviewLocation)));
        if (plan.Status != PlanStatus.Closed) plan.ChooseNeeds(Needs.Where(n => n.Chosen).Select(n => n.Code), context.Reference.AllCodes(ReferenceLists.Aspects));
    }
}
