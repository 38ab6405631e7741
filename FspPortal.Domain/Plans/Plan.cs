using System.Text.Json;
using FspPortal.Domain.Common;

namespace FspPortal.Domain.Plans;

/// <summary>
/// One Family Support Plan. Every change goes through a method that checks its rules and throws
/// <see cref="DomainException"/>; a draft may be incomplete, but never wrong (no score of 11, no adult as a focus child).
/// <see cref="Finish"/> demands every mandatory section.
/// </summary>
public sealed partial class Plan
{
    /// <summary>The <see cref="ChildStory.ChildKey"/> of the focus child named in step 2.</summary>
    public const string MainChildKey = "main";
    public const int AdultAge = 18;

    private readonly List<FamilyMember> familyMembers = [];
    private readonly List<OtherService> otherServices = [];
    private readonly List<ChildStory> childStories = [];
    private readonly List<AspectScore> aspectScores = [];
    private readonly List<PlanLine> planLines = [];
    private readonly List<PlanMember> members = [];

    private readonly List<PlanEvent> events = [];

    private Plan(Guid id) => Id = id;

    /// <summary>What happened since the plan was loaded (or since <see cref="TakeEvents"/>), in order.</summary>
    public IReadOnlyList<PlanEvent> Events => events;

    /// <summary>Hands the recorded events to storage and forgets them.</summary>
    public IReadOnlyList<PlanEvent> TakeEvents()
    {
        var taken = events.ToList();
        events.Clear();
        return taken;
    }

    public Guid Id { get; }
    public PlanStatus Status { get; private set; }
    public string CreatedByUserId { get; private set; } = "";
    public DateTime CreatedUtc { get; private set; }
    public DateTime? CompletedUtc { get; private set; }

    public ConsentRecord Consent { get; private set; } = ConsentRecord.Empty;
    public PractitionerDetails Practitioner { get; private set; } = PractitionerDetails.Empty;
    public FocusChild Child { get; private set; } = FocusChild.Empty;
    public ParentCarer? MainParent { get; private set; }
    public ParentCarer? SecondParent { get; private set; }
    public IReadOnlyList<FamilyMember> FamilyMembers => familyMembers;
    public ContactDetails Contacts { get; private set; } = ContactDetails.Empty;
    public IReadOnlyList<OtherService> OtherServices => otherServices;
    public FamilyStory FamilyStory { get; private set; } = FamilyStory.Empty;
    public IReadOnlyList<ChildStory> ChildStories => childStories;
    public IReadOnlyList<AspectScore> AspectScores => aspectScores;
    public string? PractitionerSummary { get; private set; }
    public IReadOnlyList<PlanLine> PlanLines => planLines;
    public string? FamilyName { get; private set; }
    public NextReview NextReview { get; private set; } = NextReview.Empty;
    public IReadOnlyList<PlanMember> Members => members;
    public Closure? Closure { get; private set; }
    /// <summary>The last review, or the completion when there has been none: the start of the review clock.</summary>
    public DateTime? ReviewClockStartUtc => LastReviewUtc ?? CompletedUtc;
    public DateTime? LastReviewUtc { get; private set; }

    public bool IsActiveCoordinator(string userId) => members.Any(m => m.UserId == userId && m.IsActive && m.Role == PlanRole.Coordinator);

    /// <summary>
    /// Closes an open (completed) plan for a reason from the list (<paramref name="otherReason"/> when it is "other").
    /// The same operation whether it comes from the overview's status control or from a review's last page.
    /// </summary>
    /// <param name="outcomes">Per need, whether the family made significant and sustained progress (one for each of <see cref="Needs"/>).</param>
    public void Close(string closedByUserId, string? reasonCode, string? otherReason, IReadOnlyCollection<string> validReasonCodes, DateTime nowUtc,
        IReadOnlyList<NeedOutcome>? outcomes = null) =>
        Close(closedByUserId, reasonCode, otherReason, validReasonCodes, nowUtc, outcomes, atReview: null);

    private void Close(string closedByUserId, string? reasonCode, string? otherReason, IReadOnlyCollection<string> validReasonCodes, DateTime nowUtc,
        IReadOnlyList<NeedOutcome>? outcomes, int? atReview)
    {
        if (Status == PlanStatus.Closed) throw new DomainException("This plan is already closed.");
        if (Status == PlanStatus.Draft) throw new DomainException("A plan in progress cannot be closed: finish it first.");
        if (!IsActiveCoordinator(closedByUserId)) throw new DomainException("Only the plan's coordinator can close it.");
        if (string.IsNullOrWhiteSpace(reasonCode) || !validReasonCodes.Contains(reasonCode)) throw new DomainException("Choose why the plan is being closed.");
        if (reasonCode == Reference.ReferenceLists.Other && string.IsNullOrWhiteSpace(otherReason)) throw new DomainException("Say why the plan is being closed.");
        CheckLength(otherReason, "The reason", TextLimits.Long);
        var checkedOutcomes = ClosureOutcomes(outcomes);
        Closure = new Closure(reasonCode, reasonCode == Reference.ReferenceLists.Other ? otherReason!.Trim() : null, nowUtc, closedByUserId, checkedOutcomes);
        Status = PlanStatus.Closed;
        events.Add(new PlanClosed(reasonCode, Closure.OtherReason, atReview, checkedOutcomes));
    }

    /// <summary>Reopens a closed plan; the coordinator says why (the reason goes to the plan's history).</summary>
    public void Reopen(string reopenedByUserId, string? reason)
    {
        if (Status != PlanStatus.Closed) throw new DomainException("Only a closed plan can be reopened.");
        if (!IsActiveCoordinator(reopenedByUserId)) throw new DomainException("Only the plan's coordinator can reopen it.");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Say why the plan is being reopened.");
        CheckLength(reason, "The reason", TextLimits.Long);
        Status = PlanStatus.Completed;
        events.Add(new PlanReopened(reason.Trim()));
    }

    /// <summary>A new draft; its creator is its coordinator.</summary>
    /// <summary>Discards a plan that was never finished; only its coordinator may. A finished plan is closed instead, never deleted.</summary>
    public void DiscardDraft(string actorUserId)
    {
        if (Status != PlanStatus.Draft)
            throw new DomainException("Only a plan that has not been finished can be discarded. A finished plan is closed instead (Change status on its overview).");
        if (!IsActiveCoordinator(actorUserId)) throw new DomainException("Only the plan's coordinator can discard it.");
        events.Add(new DraftDiscarded());
    }

    public static Plan StartDraft(Guid id, string creatorUserId, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(creatorUserId)) throw new DomainException("A plan needs the practitioner who starts it.");
        var plan = new Plan(id) { CreatedByUserId = creatorUserId, CreatedUtc = nowUtc, Status = PlanStatus.Draft };
        plan.members.Add(new PlanMember(creatorUserId, PlanRole.Coordinator, true));
        plan.events.Add(new PlanStarted());
        return plan;
    }

    /// <summary>The focus children: the child of step 2 and every family member ticked "Part of FSP".</summary>
    public IReadOnlyList<(string Key, string Name)> FocusChildren =>
        [(MainChildKey, Child.FullName), .. familyMembers.Where(m => m.PartOfFsp).Select(m => (m.Id.ToString(), m.Name ?? ""))];

    public void RecordConsent(ConsentRecord consent, PractitionerDetails practitioner, DateOnly today)
    {
        if (consent.GivenOn > today) throw new DomainException("The date consent was given cannot be in the future.");
        CheckLength(consent.GivenBy, "Who gave consent");
        CheckLength(practitioner.Name, "Practitioner name");
        CheckLength(practitioner.Role, "Role");
        CheckLength(practitioner.Email, "Email");
        CheckLength(practitioner.PromptOther, "What's prompting this FSP");
        var list = CheckedDoNotShareList(consent.DoNotShareWith ?? []);
        var before = (Consent, Practitioner);
        Consent = consent with { DoNotShareWith = list };
        Practitioner = practitioner;
        NoteEdit(PlanSections.Consent, before, (Consent, Practitioner));
    }

    public void DescribeChildAndParents(FocusChild child, ParentCarer? mainParent, ParentCarer? secondParent, DateOnly today)
    {
        if (child.DateOfBirth > today) throw new DomainException("The child's date of birth cannot be in the future.");
        if (child.DateOfBirth is { } dob && AgeOn(dob, today) >= AdultAge) throw new DomainException("The focus child must be under 18.");
        CheckLength(child.FirstName, "First name");
        CheckLength(child.LastName, "Last name");
        CheckLength(child.SchoolOrSetting, "School or setting");
        var before = (Child, MainParent, SecondParent);
        Child = child;
        MainParent = mainParent;
        SecondParent = secondParent;
        NoteEdit(PlanSections.ChildAndParents, before, (Child, MainParent, SecondParent));
    }

    /// <summary>Replaces the list of family members and important people (any number).</summary>
    public void SetFamilyMembers(IEnumerable<FamilyMember> people, DateOnly today)
    {
        var list = people.ToList();
        foreach (var person in list)
        {
            CheckLength(person.Name, "Name");
            if (person.DateOfBirth > today) throw new DomainException($"{Named(person.Name)}'s date of birth cannot be in the future.");
            if (person.PartOfFsp && (person.DateOfBirth is not { } dob || AgeOn(dob, today) >= AdultAge))
                throw new DomainException($"Only a child can be part of the FSP: give {Named(person.Name)}'s date of birth (under 18) or untick \"Part of FSP\".");
        }
        if (list.Select(p => p.Id).Distinct().Count() != list.Count) throw new DomainException("Each family member must be listed once.");
        var before = familyMembers.ToList();
        familyMembers.Clear();
        familyMembers.AddRange(list);
        NoteEdit(PlanSections.FamilyMembers, before, familyMembers);
        // A child story belongs to a focus child; one who is no longer a focus child keeps no panel.
        var focusKeys = FocusChildren.Select(c => c.Key).ToHashSet();
        if (childStories.RemoveAll(s => !focusKeys.Contains(s.ChildKey)) > 0) NoteSection(PlanSections.ChildStories);
    }

    public void SetContacts(ContactDetails contacts, IEnumerable<OtherService> services)
    {
        CheckLength(contacts.ParentContactDetails, "Parent contact details", TextLimits.Long);
        CheckLength(contacts.OtherKeyInformation, "Other key information", TextLimits.Long);
        CheckLength(contacts.AccessibilityNeeds, "Accessibility needs", TextLimits.Long);
        var before = (Contacts, otherServices.ToList());
        Contacts = contacts;
        otherServices.Clear();
        otherServices.AddRange(services);
        NoteEdit(PlanSections.Contacts, before, (Contacts, otherServices));
    }

    public void TellFamilyStory(FamilyStory story)
    {
        CheckLength(story.KeyEventsNow, "Key events happening now", TextLimits.Long);
        CheckLength(story.PastEvents, "Past events", TextLimits.Long);
        NoteEdit(PlanSections.FamilyStory, FamilyStory, story);
        FamilyStory = story;
    }

    public void TellChildStories(IEnumerable<ChildStory> stories)
    {
        var focusKeys = FocusChildren.Select(c => c.Key).ToHashSet();
        var list = stories.ToList();
        if (list.Any(s => !focusKeys.Contains(s.ChildKey))) throw new DomainException("A child's story must belong to a focus child.");
        foreach (var s in list)
        {
            CheckLength(s.WorkingWell, "What is working well", TextLimits.Long);
            CheckLength(s.CouldBeBetter, "What could be better", TextLimits.Long);
            CheckLength(s.WhoTheyCanTalkTo, "Who they can talk to", TextLimits.Long);
        }
        NoteEdit(PlanSections.ChildStories, childStories, list);
        childStories.Clear();
        childStories.AddRange(list);
    }

    public void ScoreAspects(IEnumerable<AspectScore> scores)
    {
        var list = scores.ToList();
        foreach (var score in list) CheckScore(score.Score, score.AspectCode);
        if (list.Any(s => s.NotApplicable && s.Score is not null)) throw new DomainException("An aspect is either scored or N/A, not both.");
        NoteEdit(PlanSections.Aspects, aspectScores, list);
        aspectScores.Clear();
        aspectScores.AddRange(list);
    }

    public void WriteSummaryAndPlan(string? summary, IEnumerable<PlanLine> lines)
    {
        CheckLength(summary, "Practitioner Summary", TextLimits.Long);
        var list = lines.ToList();
        foreach (var line in list)
        {
            CheckScore(line.ScoreNow, "Score now");
            CheckLength(line.WhatNeedsToChange, "What needs to change", TextLimits.Long);
            CheckLength(line.WhatWillBeDone, "What will be done", TextLimits.Long);
            CheckLength(line.Who, "Who will do it");
        }
        NoteEdit(PlanSections.Summary, PractitionerSummary, summary);
        PractitionerSummary = summary;
        // The stepper edits the open lines; lines a review closed stay as they were.
        var before = planLines.ToList();
        var closed = planLines.Where(l => l.IsClosed && list.All(n => n.Id != l.Id)).ToList();
        planLines.Clear();
        planLines.AddRange(closed);
        planLines.AddRange(list.Select(l => l with { IsClosed = false }));
        NoteEdit(PlanSections.FamilyPlan, before, planLines);
    }

    public void SetFinishDetails(string? familyName, NextReview nextReview)
    {
        CheckLength(familyName, "Family name");
        CheckLength(nextReview.Location, "Location");
        NoteEdit(PlanSections.FinishDetails, (FamilyName, NextReview), (familyName, nextReview));
        FamilyName = familyName;
        NextReview = nextReview;
    }

    /// <summary>
    /// Turns the draft into a completed plan. Every mandatory section must be there; every aspect still in use
    /// (<paramref name="activeAspectCodes"/>) scored or N/A; at least one whole plan line; the next review in the future.
    /// </summary>
    public void Finish(IReadOnlyCollection<string> activeAspectCodes, DateTime nowUtc, DateOnly today)
    {
        if (Status != PlanStatus.Draft) throw new DomainException("This plan has already been finished.");
        var pickedNeeds = needs;
        needs ??= [.. SuggestedNeeds()]; // nobody chose: the pre-selection stands
        var missing = MissingForFinish(activeAspectCodes, today);
        if (missing.Count > 0)
        {
            needs = pickedNeeds;
            throw new DomainException("The plan cannot be finished yet: " + string.Join("; ", missing) + ".");
        }
        Status = PlanStatus.Completed;
        CompletedUtc = nowUtc;
        events.Add(new PlanFinished());
    }

    /// <summary>What stops <see cref="Finish"/>, by step, in words a practitioner understands (empty when ready).</summary>
    public IReadOnlyList<string> MissingForFinish(IReadOnlyCollection<string> activeAspectCodes, DateOnly today)
    {
        var missing = new List<string>();
        if (!Consent.AgreesToSharing || string.IsNullOrWhiteSpace(Consent.GivenBy) || Consent.GivenOn is null)
            missing.Add("step 1: the family's consent (agreement, who gave it and when)");
        var p = Practitioner;
        if (new[] { p.Name, p.AgencyCode, p.Role, p.Email, p.Phone, p.PromptCode }.Any(string.IsNullOrWhiteSpace))
            missing.Add("step 1: the practitioner's details and what's prompting this FSP");
        if (string.IsNullOrWhiteSpace(Child.FirstName) || string.IsNullOrWhiteSpace(Child.LastName) || Child.DateOfBirth is null || !Child.Address.IsComplete)
            missing.Add("step 2: the focus child's name, date of birth, address and postcode");
        if (MainParent is null || string.IsNullOrWhiteSpace(MainParent.Name) || string.IsNullOrWhiteSpace(MainParent.RelationshipCode) || MainParent.Address is not { IsComplete: true })
            missing.Add("step 2: the main parent or carer's name, relationship and address");
        var unscored = activeAspectCodes.Where(code => aspectScores.FirstOrDefault(s => s.AspectCode == code) is not { IsAnswered: true }).ToList();
        if (unscored.Count > 0) missing.Add($"step 7: a score or N/A for every aspect of life ({unscored.Count} missing)");
        if (!planLines.Any(l => l.IsComplete)) missing.Add("step 8: at least one complete line in the family plan");
        if (planLines.Any(l => !l.IsComplete)) missing.Add("step 8: every family plan line complete (or removed)");
        if (string.IsNullOrWhiteSpace(FamilyName)) missing.Add("step 9: the family name");
        if (needs is { Count: 0 }) missing.Add("step 9: at least one of the family's needs");
        if (NextReview.Date is not { } review || review <= today) missing.Add("step 9: a next review date in the future");
        return missing;
    }

    public static int AgeOn(DateOnly dateOfBirth, DateOnly day)
    {
        var age = day.Year - dateOfBirth.Year;
        if (dateOfBirth > day.AddYears(-age)) age--;
        return age;
    }

    /// <summary>Records that <paramref name="section"/> was edited, when its content differs; one event lists every section of a change.</summary>
    private void NoteEdit<T>(string section, T before, T after)
    {
        if (JsonSerializer.Serialize(before, EditJson) != JsonSerializer.Serialize(after, EditJson)) NoteSection(section);
    }

    private void NoteSection(string section)
    {
        var index = events.FindIndex(e => e is PlanSectionsEdited);
        if (index < 0) { events.Add(new PlanSectionsEdited([section])); return; }
        var edited = (PlanSectionsEdited)events[index];
        if (!edited.Sections.Contains(section)) events[index] = new PlanSectionsEdited([.. edited.Sections, section]);
    }

    // Tuples serialise by their fields; records and lists by their properties: enough to tell whether content changed.
    private static readonly JsonSerializerOptions EditJson = new() { IncludeFields = true };

    private static string Named(string? name) => string.IsNullOrWhiteSpace(name) ? "this person" : name.Trim();

    private static void CheckScore(int? score, string what)
    {
        if (score is < 1 or > 10) throw new DomainException($"{what}: a score is from 1 to 10.");
    }

    private static void CheckLength(string? text, string what, int limit = TextLimits.Short)
    {
        if (text?.Length > limit) throw new DomainException($"{what} must be {limit} characters or fewer (it has {text.Length}).");
    }

    // ---- Persistence: a plain snapshot of the whole state, so storage needs no access to private fields. ----

    public PlanState ToState() => new(Id, Status, CreatedByUserId, CreatedUtc, CompletedUtc, Consent, Practitioner, Child, MainParent, SecondParent,
        [.. familyMembers], Contacts, [.. otherServices], FamilyStory, [.. childStories], [.. aspectScores], PractitionerSummary, [.. planLines],
        FamilyName, NextReview, [.. members], Closure, LastReviewUtc, [.. transfers], [.. reviews], baselineScores is null ? null : [.. baselineScores],
        [.. sharingOverrides], ConsentWithdrawn, LegalHold, Anonymised, needs is null ? null : [.. needs]);

    public static Plan FromState(PlanState s)
    {
        var plan = new Plan(s.Id)
        {
            Status = s.Status, CreatedByUserId = s.CreatedByUserId, CreatedUtc = s.CreatedUtc, CompletedUtc = s.CompletedUtc,
            Consent = s.Consent, Practitioner = s.Practitioner, Child = s.Child, MainParent = s.MainParent, SecondParent = s.SecondParent,
            Contacts = s.Contacts, FamilyStory = s.FamilyStory, PractitionerSummary = s.PractitionerSummary, FamilyName = s.FamilyName,
            NextReview = s.NextReview, Closure = s.Closure, LastReviewUtc = s.LastReviewUtc, ConsentWithdrawn = s.ConsentWithdrawn,
            LegalHold = s.LegalHold, Anonymised = s.Anonymised,
        };
        plan.familyMembers.AddRange(s.FamilyMembers);
        plan.otherServices.AddRange(s.OtherServices);
        plan.childStories.AddRange(s.ChildStories);
        plan.aspectScores.AddRange(s.AspectScores);
        plan.planLines.AddRange(s.PlanLines);
        plan.members.AddRange(s.Members);
        plan.transfers.AddRange(s.Transfers ?? []);
        plan.reviews.AddRange(s.Reviews ?? []);
        plan.baselineScores = s.BaselineScores?.ToList();
        plan.sharingOverrides.AddRange(s.SharingOverrides ?? []);
        plan.needs = s.Needs?.ToList();
        return plan;
    }
}

/// <summary>Everything a plan holds, as plain data (what storage writes and reads back).</summary>
public sealed record PlanState(
    Guid Id, PlanStatus Status, string CreatedByUserId, DateTime CreatedUtc, DateTime? CompletedUtc,
    ConsentRecord Consent, PractitionerDetails Practitioner, FocusChild Child, ParentCarer? MainParent, ParentCarer? SecondParent,
    IReadOnlyList<FamilyMember> FamilyMembers, ContactDetails Contacts, IReadOnlyList<OtherService> OtherServices, FamilyStory FamilyStory,
    IReadOnlyList<ChildStory> ChildStories, IReadOnlyList<AspectScore> AspectScores, string? PractitionerSummary,
    IReadOnlyList<PlanLine> PlanLines, string? FamilyName, NextReview NextReview, IReadOnlyList<PlanMember> Members,
    Closure? Closure = null, DateTime? LastReviewUtc = null, IReadOnlyList<TransferRequest>? Transfers = null,
    IReadOnlyList<Review>? Reviews = null, IReadOnlyList<AspectScore>? BaselineScores = null,
    IReadOnlyList<SharingOverride>? SharingOverrides = null, ConsentWithdrawal? ConsentWithdrawn = null,
    LegalHold? LegalHold = null, Anonymisation? Anonymised = null, IReadOnlyList<string>? Needs = null);
