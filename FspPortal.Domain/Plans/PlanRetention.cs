using FspPortal.Domain.Common;

namespace FspPortal.Domain.Plans;

/// <summary>An administrator's legal hold: the plan is kept past its retention date until the hold is lifted.</summary>
public sealed record LegalHold(string Reason, string PlacedByUserId, DateTime PlacedUtc);

/// <summary>A year of birth kept after anonymisation; <see cref="PersonKey"/> is <see cref="Plan.MainChildKey"/> or a family member's id.</summary>
public sealed record BirthYear(string PersonKey, int Year);

/// <summary>When and why a plan was anonymised, and the years of birth kept for statistics.</summary>
public sealed record Anonymisation(DateTime AnonymisedUtc, string Basis, IReadOnlyList<BirthYear> BirthYears);

/// <summary>
/// How long a plan's personal data is kept (UK GDPR Art. 5(1)(e)): a number of years after the retention clock starts
/// (closure, or the family withdrawing consent), and/or until the youngest focus child reaches an age; the later of the
/// two by default. Zero turns a part off.
/// </summary>
public sealed record RetentionRule(int YearsAfterClosure, int UntilYoungestChildAge, bool WhicheverIsLater = true)
{
    /// <summary>The day the plan's personal data may be destroyed, or null while its clock has not started.</summary>
    public DateOnly? KeepUntil(DateOnly? clockStartedOn, DateOnly? youngestChildBirthDate)
    {
        if (clockStartedOn is not { } started) return null;
        var afterClosure = YearsAfterClosure > 0 ? started.AddYears(YearsAfterClosure) : (DateOnly?)null;
        var childAge = UntilYoungestChildAge > 0 && youngestChildBirthDate is { } born ? born.AddYears(UntilYoungestChildAge) : (DateOnly?)null;
        if (afterClosure is null) return childAge ?? started;
        if (childAge is null) return afterClosure;
        return WhicheverIsLater ? Max(afterClosure.Value, childAge.Value) : Min(afterClosure.Value, childAge.Value);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}

/// <summary>Retention (issue 16): the clock, legal holds, and anonymisation — the one way a plan's personal data is destroyed.</summary>
public sealed partial class Plan
{
    public LegalHold? LegalHold { get; private set; }
    public Anonymisation? Anonymised { get; private set; }

    /// <summary>
    /// The day the retention clock started: the closure, or the family withdrawing consent, whichever came first. Null for a
    /// plan still open with consent (and for a reopened plan, until it closes again or consent is withdrawn).
    /// </summary>
    public DateOnly? RetentionClockStartedOn(TimeZoneInfo zone)
    {
        var closed = Status == PlanStatus.Closed && Closure is { } c ? DayIn(c.ClosedUtc, zone) : (DateOnly?)null;
        var withdrawn = ConsentWithdrawn?.WithdrawnOn;
        return closed is null ? withdrawn : withdrawn is null ? closed : (closed < withdrawn ? closed : withdrawn);
    }

    /// <summary>The date of birth of the youngest focus child, when known.</summary>
    public DateOnly? YoungestFocusChildBirthDate =>
        new[] { Child.DateOfBirth }.Concat(familyMembers.Where(m => m.PartOfFsp).Select(m => m.DateOfBirth)).Max();

    public void PlaceLegalHold(string adminUserId, string? reason, DateTime nowUtc)
    {
        if (Anonymised is not null) throw new DomainException("This plan has already been anonymised.");
        if (LegalHold is not null) throw new DomainException("This plan is already under a legal hold.");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Give the reason for the legal hold (for example, the court case or request it is for).");
        CheckLength(reason, "The reason", TextLimits.Long);
        LegalHold = new LegalHold(reason.Trim(), adminUserId, nowUtc);
        events.Add(new LegalHoldPlaced(LegalHold.Reason));
    }

    public void LiftLegalHold(string adminUserId, string? reason)
    {
        if (LegalHold is null) throw new DomainException("This plan is not under a legal hold.");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Say why the legal hold is lifted.");
        CheckLength(reason, "The reason", TextLimits.Long);
        LegalHold = null;
        events.Add(new LegalHoldLifted(reason.Trim()));
    }

    /// <summary>
    /// Destroys the plan's personal data — names, dates of birth (kept as years), addresses, phone numbers, emails and every
    /// free text — and keeps what statistics need: codes (agency, prompt, relationships, focus areas, closure reason),
    /// aspect scores, progress, and dates to the month. Refused under a legal hold. <paramref name="basis"/> says why
    /// ("retention rule", or an erasure request).
    /// </summary>
    public void Anonymise(string basis, DateTime nowUtc)
    {
        if (Anonymised is not null) throw new DomainException("This plan has already been anonymised.");
        if (LegalHold is not null) throw new DomainException("This plan is under a legal hold: lift the hold before it can be anonymised.");
        if (Status == PlanStatus.Draft) throw new DomainException("A plan in progress is discarded, not anonymised.");
        if (string.IsNullOrWhiteSpace(basis)) throw new DomainException("Say why the plan is being anonymised.");

        // An open plan whose family withdrew consent is closed for that reason: an anonymised plan is never worked on again.
        if (Status == PlanStatus.Completed)
        {
            Closure = new Closure(Reference.ReferenceLists.ConsentWithdrawnClosure, null, nowUtc, "retention");
            Status = PlanStatus.Closed;
        }
        var years = new List<BirthYear>();
        if (Child.DateOfBirth is { } childBorn) years.Add(new BirthYear(MainChildKey, childBorn.Year));
        years.AddRange(familyMembers.Where(m => m.DateOfBirth is not null).Select(m => new BirthYear(m.Id.ToString(), m.DateOfBirth!.Value.Year)));

        Consent = Consent with { DoNotShareWith = [], GivenBy = null, GivenOn = Month(Consent.GivenOn) };
        Practitioner = Practitioner with { Name = null, Role = null, Email = null, Phone = null, PromptOther = null };
        Child = new FocusChild(null, null, null, Child.GenderCode, null, Address.Empty);
        MainParent = MainParent is null ? null : new ParentCarer(null, MainParent.RelationshipCode, null);
        SecondParent = SecondParent is null ? null : new ParentCarer(null, SecondParent.RelationshipCode, null);
        Replace(familyMembers, m => new FamilyMember(m.Id, null, m.RelationshipCode, null, m.PartOfFsp));
        Contacts = new ContactDetails(null, Contacts.InterpreterNeeded, null, null, null);
        Replace(otherServices, s => new OtherService(s.Id, null, null, null, null));
        FamilyStory = FamilyStory.Empty;
        Replace(childStories, s => new ChildStory(s.ChildKey, null, null, null));
        PractitionerSummary = null;
        Replace(planLines, AnonymousLine);
        FamilyName = null;
        NextReview = new NextReview(Month(NextReview.Date), null, null);
        Closure = Closure is null ? null : Closure with
        {
            OtherReason = null, ClosedUtc = Month(Closure.ClosedUtc),
            Outcomes = Closure.Outcomes?.Select(o => o with { Evidence = null }).ToList(),
            Sustained = Closure.Sustained is null ? null : Closure.Sustained with { Note = null, RecordedUtc = Month(Closure.Sustained.RecordedUtc) },
        };
        Replace(reviews, r => r with
        {
            MeetingDate = Month(r.MeetingDate)!.Value, Attendees = [], Summary = null, ClosureOther = null, RecordedUtc = Month(r.RecordedUtc),
            NextReview = new NextReview(Month(r.NextReview.Date), null, null), FamilyStory = null, ChildStories = null,
            Lines = [.. r.Lines.Select(l => l with { Line = AnonymousLine(l.Line) })],
        });
        Replace(transfers, t => t with { Note = null, DeclineReason = null, RequestedUtc = Month(t.RequestedUtc), DecidedUtc = Month(t.DecidedUtc) });
        sharingOverrides.Clear();
        ConsentWithdrawn = ConsentWithdrawn is null ? null : ConsentWithdrawn with { Note = null, WithdrawnOn = Month(ConsentWithdrawn.WithdrawnOn)!.Value, RecordedUtc = Month(ConsentWithdrawn.RecordedUtc) };
        CreatedUtc = Month(CreatedUtc);
        CompletedUtc = Month(CompletedUtc);
        LastReviewUtc = Month(LastReviewUtc);
        Anonymised = new Anonymisation(nowUtc, basis.Trim(), years);
        events.Add(new PlanAnonymised(basis.Trim()));
    }

    private static PlanLine AnonymousLine(PlanLine l) => l with { WhatNeedsToChange = null, WhatWillBeDone = null, Who = null, ByWhen = Month(l.ByWhen) };

    private static void Replace<T>(List<T> items, Func<T, T> change)
    {
        for (var i = 0; i < items.Count; i++) items[i] = change(items[i]);
    }

    private static DateOnly? Month(DateOnly? day) => day is { } d ? new DateOnly(d.Year, d.Month, 1) : null;
    private static DateTime Month(DateTime utc) => new(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);
    private static DateTime? Month(DateTime? utc) => utc is { } u ? Month(u) : null;
}
