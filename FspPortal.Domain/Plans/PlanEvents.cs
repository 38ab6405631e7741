namespace FspPortal.Domain.Plans;

/// <summary>
/// Something that happened to a plan, recorded by the aggregate as it changes (never invented outside it). Who did it is
/// the change's actor, known to whoever asked for the change; an event names the other people it concerns.
/// Storage turns events into audit lines, emails and live notifications in the same transaction as the change.
/// </summary>
public abstract record PlanEvent;

public sealed record PlanStarted : PlanEvent;

/// <summary>A plan never finished was discarded by its coordinator: the plan goes, this line of its history stays.</summary>
public sealed record DraftDiscarded : PlanEvent;

/// <summary>The named sections' content changed (never their values: the audit says what was edited, not what it says).</summary>
public sealed record PlanSectionsEdited(IReadOnlyList<string> Sections) : PlanEvent;

public sealed record PlanFinished : PlanEvent;

/// <summary><see cref="AtReview"/>: the review whose last page closed it, when it was closed at a review. <see cref="Outcomes"/>: progress per need.</summary>
public sealed record PlanClosed(string ReasonCode, string? OtherReason, int? AtReview = null, IReadOnlyList<NeedOutcome>? Outcomes = null) : PlanEvent;

public sealed record PlanReopened(string Reason) : PlanEvent;

public sealed record MemberAttached(string UserId) : PlanEvent;

public sealed record TransferRequested(Guid TransferId, string ToUserId, TransferMode Mode, string? Note) : PlanEvent;

public sealed record TransferDecided(Guid TransferId, string FromUserId, string ToUserId, bool Authorised, TransferMode Mode, string? DeclineReason) : PlanEvent;

/// <summary>
/// Withdrawn by its requester, or (<see cref="BecauseSomeoneLeft"/>) because the requester or recipient left the plan, or
/// (<see cref="BecauseConsentWithdrawn"/>) because the family withdrew consent.
/// </summary>
public sealed record TransferWithdrawn(Guid TransferId, string ToUserId, bool BecauseSomeoneLeft = false, bool BecauseConsentWithdrawn = false) : PlanEvent;

/// <summary>A coordinator added <see cref="UserId"/> although they match the family's "do not share with" <see cref="Entries"/>.</summary>
public sealed record FamilyWishOverridden(string UserId, IReadOnlyList<string> Entries, string Reason) : PlanEvent;

/// <summary>The family's "do not share with" list was changed after the plan was finished (how many entries, never who).</summary>
public sealed record DoNotShareListChanged(int Added, int Removed, int Now) : PlanEvent;

/// <summary>The family withdrew their consent to share on <see cref="WithdrawnOn"/> (recorded at review <see cref="AtReview"/>, or from the overview).</summary>
public sealed record ConsentWithdrawnRecorded(DateOnly WithdrawnOn, string? Note, int? AtReview) : PlanEvent;

public sealed record CoordinatorSteppedDown : PlanEvent;

/// <summary>The actor unticked Active on their own line.</summary>
public sealed record MemberLeft : PlanEvent;

/// <summary>A coordinator removed <see cref="UserId"/> from the plan.</summary>
public sealed record MemberDetached(string UserId) : PlanEvent;

public sealed record ReviewAdded(int Number, DateOnly MeetingDate) : PlanEvent;

public sealed record DocumentAdded(Guid DocumentId, string FileName, string Kind, long SizeBytes) : PlanEvent;

public sealed record DocumentDeleted(Guid DocumentId, string FileName) : PlanEvent;

/// <summary>An administrator placed a legal hold: the plan is kept past its retention date.</summary>
public sealed record LegalHoldPlaced(string Reason) : PlanEvent;

public sealed record LegalHoldLifted(string Reason) : PlanEvent;

/// <summary>The plan's personal data was destroyed (<see cref="Basis"/>: the retention rule, or an erasure request); its statistics remain.</summary>
public sealed record PlanAnonymised(string Basis) : PlanEvent;

/// <summary>The 6-month check after closure was recorded: progress sustained on <see cref="Sustained"/> of <see cref="Needs"/> needs.</summary>
public sealed record SustainedCheckRecorded(int Sustained, int Needs) : PlanEvent;

/// <summary>The sections of a plan as the stepper shows them, named as a practitioner would (the audit and History use these).</summary>
public static class PlanSections
{
    public const string Consent = "Consent and practitioner";
    public const string ChildAndParents = "Focus child and main parent";
    public const string FamilyMembers = "Family members";
    public const string Contacts = "Contacts and services";
    public const string FamilyStory = "Family's story";
    public const string ChildStories = "Child's story";
    public const string Aspects = "Aspects of life";
    public const string Summary = "Practitioner summary";
    public const string FamilyPlan = "Family plan";
    public const string FinishDetails = "Family name and next review";
    public const string Needs = "The family's needs";
}
