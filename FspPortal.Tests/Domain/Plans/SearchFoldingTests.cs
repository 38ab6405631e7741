using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

/// <summary>Names as they are really spelled fold to what people type: accents, letters that do not decompose, apostrophes, dashes.</summary>
[Trait("Category", "Unit")]
public sealed class SearchFoldingTests
{
    [Theory]
    [InlineData("Ó'Connor", "o'connor")]      // accent removed
    [InlineData("O’Connor", "o'connor")]      // curly apostrophe
    [InlineData("O‘Connor", "o'connor")]      // left single quote, as some phones type it
    [InlineData("Oʼconnor", "o'connor")]      // modifier apostrophe
    [InlineData("Łukasz", "lukasz")]          // Ł does not decompose
    [InlineData("Siobhán", "siobhan")]
    [InlineData("Søren", "soren")]
    [InlineData("Straße", "strasse")]
    [InlineData("Ægir", "aegir")]
    [InlineData("Zoë", "zoe")]
    [InlineData("Jones–Patel", "jones-patel")] // en dash
    [InlineData("ＡＢＣ", "abc")]              // full-width letters
    public void Folds(string text, string folded) => Assert.Equal(folded, SearchFolding.Fold(text));

    [Fact]
    public void Search_words_are_folded_trimmed_and_the_ones_that_narrow_nothing_dropped()
    {
        Assert.Equal(["owen", "smi"], SearchFolding.QueryWords("  Owen,  SMI "));
        Assert.Equal(["o'connor"], SearchFolding.QueryWords("‘O’Connor’"));
        Assert.Equal(["smith"], SearchFolding.QueryWords("smi smith"));
        Assert.Empty(SearchFolding.QueryWords("!!! ' -"));
    }

    [Fact]
    public void A_plan_is_found_by_every_name_on_it_its_postcode_halves_and_dates_of_birth()
    {
        var plan = PlanBuilder.ReadyToFinish(firstName: "Siobhán", lastName: "Ó'Connor", postcode: "so14 3xy", familyName: "Ó'Connor-Nowak").Build();
        plan.SetFamilyMembers([PlanBuilder.Child("Łukasz Nowak", 6)], PlanBuilder.Today);

        var terms = PlanSearchTerms.For(plan.ToState());

        Assert.Superset(new HashSet<string>
        {
            "siobhan", "o'connor", "o", "connor", "oconnor",         // the child, with the apostrophe's parts and without it
            "o'connor-nowak", "nowak", "oconnornowak",               // the family name
            "jane", "smith",                                          // the main parent
            "lukasz",                                                 // a second focus child
            "so143xy", "so14", "3xy",                                 // the postcode, whole and in halves
            PlanSearchTerms.DateTerm(new DateOnly(2016, 5, 4)),       // the child's date of birth
            PlanSearchTerms.DateTerm(PlanBuilder.Today.AddYears(-6).AddDays(-10)),
        }, terms.ToHashSet());
        Assert.All(terms, t => Assert.True(t.Length <= SearchFolding.MaxTermLength));
        Assert.DoesNotContain(terms, t => t.Contains("sam")); // the practitioner is not how a family is found
    }
}
