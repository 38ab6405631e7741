namespace FspPortal.Domain.Plans;

/// <summary>The family's consent statement (SPEC §8): one wording for step 1, the printable plan and the PDF.</summary>
public static class ConsentStatement
{
    public const string Heading = "Your statement of consent";

    public const string Introduction =
        "A professional or you yourself have told us about an area of your life you might like some support with. So that we can make sure "
        + "we get you the right support from the right place, we would like to talk to you more about what's important to you and your family.";

    public const string Lead = "By agreeing you confirm that:";

    public static readonly IReadOnlyList<string> Points =
    [
        "you have been told why your family's information needs to be shared with others who work with your family or will support your Family Support Plan, and with whom;",
        "you have been given the chance to discuss what sharing, or not sharing, information about your family will mean;",
        "you understand that your family's information will be held securely in line with data protection law (UK GDPR);",
        "you understand that confidentiality may not be kept where a person may be at risk of immediate harm;",
        "you understand that selected information about your family and the support you receive will also be used by the council, its partner organisations and central government to plan and evaluate services for families.",
    ];
}
