using FspPortal.Domain.Accounts;

namespace FspPortal.Tests.Domain;

[Trait("Category", "Unit")]
public sealed class PasswordPolicyTests
{
    [Fact]
    public void Eleven_characters_are_too_few_and_twelve_are_enough() {
        Assert.NotEmpty(PasswordPolicy.Check("abcdefghijk", "pat@example.org", "Pat Jones"));
        Assert.Empty(PasswordPolicy.Check("abcdefghijkl", "pat@example.org", "Pat Jones"));
    }

    [Fact]
    public void No_composition_rules_lower_case_words_are_fine() =>
        Assert.Empty(PasswordPolicy.Check("correct horse battery staple", "pat@example.org", "Pat Jones"));

    [Fact]
    public void At_least_sixty_four_characters_are_allowed() =>
        Assert.Empty(PasswordPolicy.Check(new string('q', 64) + " and then some more words", "pat@example.org", "Pat Jones"));

    [Fact]
    public void Absurdly_long_passwords_are_refused_with_the_limit_named() =>
        Assert.Contains(PasswordPolicy.Check(new string('q', 129), null, null), p => p.Contains("128"));

    [Theory]
    [InlineData("my pat@example.org secret")]
    [InlineData("PAT@EXAMPLE.ORG plus words")]
    public void A_password_containing_the_email_is_refused(string password) =>
        Assert.Contains(PasswordPolicy.Check(password, "pat@example.org", "Someone Else"), p => p.Contains("email"));

    [Fact]
    public void A_password_containing_the_local_part_of_the_email_is_refused() =>
        Assert.Contains(PasswordPolicy.Check("sunny patricia days ahead", "patricia@example.org", "Someone Else"), p => p.Contains("email"));

    [Theory]
    [InlineData("jonesjonesjones1")]
    [InlineData("I am Patricia forever")]
    public void A_password_containing_a_part_of_the_name_is_refused(string password) =>
        Assert.Contains(PasswordPolicy.Check(password, "p.j@example.org", "Patricia Jones"), p => p.Contains("name"));

    [Fact]
    public void Very_short_name_parts_do_not_block_ordinary_words() =>
        Assert.Empty(PasswordPolicy.Check("a journey across the moor", "x@example.org", "Jo Li"));

    [Fact]
    public void Counting_is_by_character_not_by_utf16_unit() =>
        Assert.NotEmpty(PasswordPolicy.Check("😀😀😀😀😀😀😀😀😀😀😀", null, null)); // 11 characters, 22 UTF-16 units
}
