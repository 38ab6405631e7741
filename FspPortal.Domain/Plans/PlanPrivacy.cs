using System.Globalization;
using FspPortal.Domain.Common;

namespace FspPortal.Domain.Plans;

/// <summary>
/// Who an entry of the family's "do not share with" list is. <see cref="PersonOrOrganisation"/> is only for entries typed
/// as free text before the list was structured: nobody knows which they meant, so both a name and an agency match it.
/// </summary>
public enum DoNotShareKind { Person = 0, Organisation = 1, PersonOrOrganisation = 2 }

/// <summary>
/// One person or organisation the family does not agree to share the plan with (step 1). A person picked from the portal's
/// users carries <see cref="UserId"/> (they can never be attached); an organisation picked from the agencies list carries
/// <see cref="AgencyCode"/>. <see cref="Name"/> is always what is shown.
/// </summary>
public sealed record DoNotShareEntry(DoNotShareKind Kind, string Name, string? UserId = null, string? AgencyCode = null, string? Note = null)
{
    public string KindWords => Kind switch
    {
        DoNotShareKind.Person => UserId is null ? "person" : "person, a portal user",
        DoNotShareKind.Organisation => "organisation",
        _ => "person or organisation",
    };

    /// <summary>"Acme Housing (organisation): not the Fareham office" — how every page, printout and PDF names it.</summary>
    public string Describe() => $"{Name} ({KindWords}){(string.IsNullOrWhiteSpace(Note) ? "" : $": {Note}")}";
}

/// <summary>A practitioner who may be attached or receive a transfer, as the plan's rules need to see them.</summary>
public sealed record SharingCandidate(string UserId, string FullName, string Agency, bool IsActive);

/// <summary>
/// A coordinator's confirmation that <see cref="UserId"/> may be on the plan although they match an entry of the family's
/// list by agency (or by a typed name), with the reason; shown on the overview for as long as the plan exists.
/// </summary>
public sealed record SharingOverride(string UserId, string UserName, IReadOnlyList<string> Entries, string Reason, string ConfirmedByUserId, DateTime ConfirmedUtc);

/// <summary>The family withdrew their consent to share: the plan is closed for sharing from then on.</summary>
public sealed record ConsentWithdrawal(DateOnly WithdrawnOn, string RecordedByUserId, DateTime RecordedUtc, string? Note, int? AtReview = null);

/// <summary>What the family's wishes say about sharing with one candidate.</summary>
public sealed record SharingCheck(IReadOnlyList<DoNotShareEntry> Refusing, IReadOnlyList<DoNotShareEntry> NeedingConfirmation, string? Closed)
{
    public bool IsRefused => Closed is not null || Refusing.Count > 0;
    public bool NeedsConfirmation => !IsRefused && NeedingConfirmation.Count > 0;

    /// <summary>Why the candidate cannot be added at all, in the family's words.</summary>
    public string? RefusalMessage(string candidateName) => Closed ?? (Refusing.Count == 0 ? null
        : $"The family asked that this plan is not shared with {candidateName}" +
          $"{(Refusing[0].Note is { Length: > 0 } note ? $" ({note})" : "")}. They cannot be added to it.");

    /// <summary>What the coordinator must confirm, naming the entries that match.</summary>
    public string ConfirmationMessage(string candidateName, string agency) =>
        $"The family asked that this plan is not shared with {string.Join("; ", NeedingConfirmation.Select(e => e.Describe()))}. " +
        $"{candidateName}{(string.IsNullOrWhiteSpace(agency) ? "" : $" ({agency})")} matches that. Only a coordinator can add them, with a reason.";
}

/// <summary>The family's sharing wishes (SPEC §8): the "do not share with" list enforced, and consent withdrawn.</summary>
public sealed partial class Plan
{
    private readonly List<SharingOverride> sharingOverrides = [];

    public IReadOnlyList<SharingOverride> SharingOverrides => sharingOverrides;
    public ConsentWithdrawal? ConsentWithdrawn { get; private set; }

    /// <summary>Whether <paramref name="candidate"/> may be added to the plan, and if so whether a coordinator must confirm it.</summary>
    public SharingCheck CheckSharingWith(SharingCandidate candidate)
    {
        if (ConsentWithdrawn is { } withdrawn)
            return new SharingCheck([], [], $"The family withdrew their consent to share on {withdrawn.WithdrawnOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}: this plan cannot be shared with anyone new.");
        var refusing = Consent.DoNotShareWith.Where(e => e.UserId is not null && e.UserId == candidate.UserId).ToList();
        var name = Fold(candidate.FullName);
        var agency = Fold(candidate.Agency);
        var confirming = Consent.DoNotShareWith.Where(e => e.UserId is null && e.Kind switch
        {
            DoNotShareKind.Person => Fold(e.Name) == name,
            DoNotShareKind.Organisation => ContainsWords(agency, Fold(e.Name)),
            _ => Fold(e.Name) == name || ContainsWords(agency, Fold(e.Name)),
        }).ToList();
        return new SharingCheck(refusing, confirming, null);
    }

    /// <summary>
    /// Attaches <paramref name="candidate"/> as a team member (or makes a former member active again). The family's list is
    /// enforced: a listed person is refused; a match by agency or typed name needs a coordinator's <paramref name="overrideReason"/>.
    /// </summary>
    public void AttachMember(string actorUserId, SharingCandidate candidate, string? overrideReason, DateTime nowUtc)
    {
        if (!IsActiveMember(actorUserId)) throw new DomainException("Only someone on the plan can attach another user.");
        if (!candidate.IsActive) throw new DomainException("That account is deactivated and cannot be attached.");
        if (IsActiveMember(candidate.UserId)) throw new DomainException("That user is already on this plan.");
        RespectFamilysWishes(actorUserId, candidate, overrideReason, nowUtc);
        SetMember(candidate.UserId, PlanRole.TeamAroundFamily, active: true);
        events.Add(new MemberAttached(candidate.UserId));
    }

    /// <summary>Records that the family withdrew consent (from the overview, or at review <paramref name="atReview"/>).</summary>
    public void WithdrawConsent(string actorUserId, DateOnly withdrawnOn, string? note, DateOnly today, DateTime nowUtc, int? atReview = null)
    {
        if (!IsActiveMember(actorUserId)) throw new DomainException("Only someone on the plan can record that the family withdrew consent.");
        if (Status == PlanStatus.Draft) throw new DomainException("A plan in progress cannot have its consent withdrawn: discard it instead.");
        if (ConsentWithdrawn is not null) throw new DomainException("The family's withdrawal of consent is already recorded.");
        if (withdrawnOn > today) throw new DomainException("The date consent was withdrawn cannot be in the future.");
        if (Consent.GivenOn is { } given && withdrawnOn < given) throw new DomainException("The date consent was withdrawn is before the date it was given.");
        CheckLength(note, "The note", TextLimits.Long);
        ConsentWithdrawn = new ConsentWithdrawal(withdrawnOn, actorUserId, nowUtc, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), atReview);
        events.Add(new ConsentWithdrawnRecorded(withdrawnOn, ConsentWithdrawn.Note, atReview));
        // A transfer waiting for its Yes would share the plan with someone new: it goes.
        if (PendingTransfer is { } pending)
        {
            transfers[transfers.IndexOf(pending)] = pending with { Status = TransferStatus.Withdrawn, DecidedUtc = nowUtc };
            events.Add(new TransferWithdrawn(pending.Id, pending.ToUserId, BecauseConsentWithdrawn: true));
        }
    }

    private void RespectFamilysWishes(string actorUserId, SharingCandidate candidate, string? overrideReason, DateTime nowUtc)
    {
        var check = CheckSharingWith(candidate);
        if (check.RefusalMessage(candidate.FullName) is { } refused) throw new DomainException(refused);
        if (!check.NeedsConfirmation) return;
        if (!IsActiveCoordinator(actorUserId)) throw new DomainException(check.ConfirmationMessage(candidate.FullName, candidate.Agency) + " Ask the plan's coordinator.");
        if (string.IsNullOrWhiteSpace(overrideReason)) throw new DomainException(check.ConfirmationMessage(candidate.FullName, candidate.Agency) + " Give the reason to go ahead.");
        CheckLength(overrideReason, "The reason", TextLimits.Long);
        var entries = check.NeedingConfirmation.Select(e => e.Name).ToList();
        sharingOverrides.Add(new SharingOverride(candidate.UserId, candidate.FullName, entries, overrideReason.Trim(), actorUserId, nowUtc));
        events.Add(new FamilyWishOverridden(candidate.UserId, entries, overrideReason.Trim()));
    }

    /// <summary>Checks the list a step 1 save brings, and notes a change of it after completion (audited apart from the section edit).</summary>
    private IReadOnlyList<DoNotShareEntry> CheckedDoNotShareList(IReadOnlyList<DoNotShareEntry> entries)
    {
        var list = new List<DoNotShareEntry>();
        foreach (var e in entries)
        {
            if (!Enum.IsDefined(e.Kind)) throw new DomainException("Say whether each entry of \"do not share with\" is a person or an organisation.");
            if (string.IsNullOrWhiteSpace(e.Name)) throw new DomainException("Give the name of each person or organisation the family does not agree to share with.");
            CheckLength(e.Name, "A name in \"I do not agree that it may be shared with\"");
            CheckLength(e.Note, "A note in \"I do not agree that it may be shared with\"");
            var entry = e with
            {
                Name = e.Name.Trim(), Note = string.IsNullOrWhiteSpace(e.Note) ? null : e.Note.Trim(),
                UserId = e.Kind == DoNotShareKind.Person ? e.UserId : null, AgencyCode = e.Kind == DoNotShareKind.Organisation ? e.AgencyCode : null,
            };
            if (list.Any(x => (x.UserId is not null && x.UserId == entry.UserId) || (x.Kind == entry.Kind && Fold(x.Name) == Fold(entry.Name))))
                throw new DomainException($"{entry.Name} is listed twice in \"I do not agree that it may be shared with\".");
            if (entry.UserId is { } userId && IsActiveMember(userId))
                throw new DomainException($"{entry.Name} is on this plan. Remove them from \"Shared with\" on the overview before adding them to the family's list.");
            list.Add(entry);
        }
        if (Status != PlanStatus.Draft)
        {
            var added = list.Count(e => !Consent.DoNotShareWith.Any(old => SameEntry(old, e)));
            var removed = Consent.DoNotShareWith.Count(old => !list.Any(e => SameEntry(old, e)));
            var changed = added + removed > 0 || !Consent.DoNotShareWith.SequenceEqual(list);
            if (changed) events.Add(new DoNotShareListChanged(added, removed, list.Count));
        }
        return list;
    }

    private static bool SameEntry(DoNotShareEntry a, DoNotShareEntry b) => a.Kind == b.Kind && a.UserId == b.UserId && Fold(a.Name) == Fold(b.Name);

    /// <summary>
    /// A name's words as search folds them (<see cref="SearchFolding"/>: case, accents, Ł/ø…), with apostrophes and dashes
    /// as spaces: "Acme  Housing-Ltd." and "acme housing ltd" are one name.
    /// </summary>
    public static string Fold(string? text) =>
        string.Join(' ', SearchFolding.Words(text).SelectMany(w => w.Split(['\'', '-'], StringSplitOptions.RemoveEmptyEntries)));

    /// <summary>Whether <paramref name="words"/> appear, whole and in order, in <paramref name="text"/> ("acme housing" in "acme housing association").</summary>
    private static bool ContainsWords(string text, string words) => words.Length > 0 && $" {text} ".Contains($" {words} ", StringComparison.Ordinal);
}
