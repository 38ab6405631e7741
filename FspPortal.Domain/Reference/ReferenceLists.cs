namespace FspPortal.Domain.Reference;

/// <summary>One entry of a reference list: a stable code (stored on plans) and the label people read.</summary>
public sealed record ReferenceEntry(string Code, string Label);

/// <summary>The names of the reference lists and their default entries (SPEC §9), seeded on first start.</summary>
public static class ReferenceLists
{
    public const string Aspects = "aspects";
    public const string Agencies = "agencies";
    public const string Relationships = "relationships";
    public const string Prompts = "prompts";
    public const string ClosureReasons = "closure-reasons";
    public const string Genders = "genders";

    /// <summary>The code of the "other" entry, which asks for text.</summary>
    public const string Other = "other";
    /// <summary>The closure reason "Family withdrew consent or disengaged": given to an open plan anonymised after consent was withdrawn.</summary>
    public const string ConsentWithdrawnClosure = "withdrew";

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ReferenceEntry>> Defaults = new Dictionary<string, IReadOnlyList<ReferenceEntry>>
    {
        [Aspects] =
        [
            new("education", "Getting a good education"),
            new("early-years", "Good early years development"),
            new("health", "Improved mental and physical health"),
            new("substance-use", "Promoting recovery and reducing harm from substance use"),
            new("relationships", "Improved family relationships"),
            new("safe-from-abuse", "Children safe from abuse and exploitation"),
            new("crime", "Crime prevention and tackling crime"),
            new("domestic-abuse", "Safe from domestic abuse"),
            new("housing", "Secure housing"),
            new("financial", "Financial stability"),
        ],
        [Agencies] =
        [
            new("school", "School"), new("health-visitor", "Health Visitor"), new("family-hub", "Family Hub"),
            new("early-years", "Early years setting"), new("school-nurse", "School Nurse"), new("gp", "GP"),
            new("housing", "Housing"), new("police", "Police"), new("youth-service", "Youth Service"),
            new("early-help", "Council early help team"), new("voluntary", "Voluntary sector"), new(Other, "Other"),
        ],
        [Relationships] =
        [
            new("mother", "Mother"), new("father", "Father"), new("step-parent", "Step-parent"), new("carer", "Carer"),
            new("son", "Son"), new("daughter", "Daughter"), new("sibling", "Sibling"), new("half-sibling", "Half-sibling"),
            new("grandparent", "Grandparent"), new("aunt-uncle", "Aunt or uncle"), new("cousin", "Cousin"),
            new("partner", "Partner"), new("neighbour", "Neighbour"), new("friend", "Friend"), new(Other, "Other"),
        ],
        [Prompts] =
        [
            new("practitioner-judgement", "Practitioner's judgement"), new("family-request", "Family request"),
            new("ehcp", "To support an EHCP request"), new("step-down", "Step-down from children's social care"), new(Other, "Other"),
        ],
        [ClosureReasons] =
        [
            new("needs-met", "Needs met / outcomes achieved"), new("step-down-universal", "Stepped down to universal services"),
            new("step-up-social-care", "Stepped up to children's social care"), new("withdrew", "Family withdrew consent or disengaged"),
            new("moved", "Family moved out of the area"), new(Other, "Other"),
        ],
        [Genders] = [new("female", "Female"), new("male", "Male"), new("other", "Other / self-described"), new("not-known", "Not known")],
    };
}
