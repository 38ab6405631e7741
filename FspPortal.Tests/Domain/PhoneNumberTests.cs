using FspPortal.Domain.Accounts;

namespace FspPortal.Tests.Domain;

[Trait("Category", "Unit")]
public sealed class PhoneNumberTests
{
    /// <summary>Numbers as UK councils, schools and health services print them (Ofcom's drama ranges where a real one would do).</summary>
    [Theory]
    [InlineData("+44 (0)23 9268 1234 ext 12", "+442392681234x12", "023 9268 1234 ext. 12")]
    [InlineData("+44 (0) 23 9268 1234", "+442392681234", "023 9268 1234")]
    [InlineData("023 9268 8000 ext. 123", "+442392688000x123", "023 9268 8000 ext. 123")]
    [InlineData("023 9268 8000 x123", "+442392688000x123", "023 9268 8000 ext. 123")]
    [InlineData("023 9268 8000, extension 4", "+442392688000x4", "023 9268 8000 ext. 4")]
    [InlineData("0113 496 0000", "+441134960000", "0113 496 0000")]
    [InlineData("(0113) 496-0000", "+441134960000", "0113 496 0000")]
    [InlineData("020 7946 0000", "+442079460000", "020 7946 0000")]
    [InlineData("01632 960123", "+441632960123", "01632 960123")]
    [InlineData("07700 900123", "+447700900123", "07700 900123")]
    [InlineData("+44 7700 900123", "+447700900123", "07700 900123")]
    [InlineData("0044 7700 900123", "+447700900123", "07700 900123")]
    [InlineData("07700-900-123", "+447700900123", "07700 900123")]
    [InlineData("0300 123 4567", "+443001234567", "0300 123 4567")]
    [InlineData("0800 123 4567", "+448001234567", "0800 123 4567")]
    [InlineData("+33 1 23 45 67 89", "+33123456789", "+33 1 23 45 67 89")]
    [InlineData("+1 (212) 555-0123", "+12125550123", "+1 212-555-0123")]
    [InlineData("+48 512 345 678", "+48512345678", "+48 512 345 678")]
    public void Typed_numbers_are_stored_as_e164_and_shown_as_printed(string typed, string stored, string shown)
    {
        Assert.True(PhoneNumber.TryNormalise(typed, out var normalised, out var error), error);
        Assert.Equal(stored, normalised);
        Assert.Equal(shown, PhoneNumber.Display(normalised));
    }

    [Theory]
    [InlineData("", "Enter a phone number")]
    [InlineData("call me", "digits")]
    [InlineData("12345", "too short")]
    [InlineData("023 9268", "too short")]
    [InlineData("0999 999 9999", "not a UK phone number in use")]
    [InlineData("023 9268 12345 678", "too long")]
    [InlineData("023 9268 8000 ext. abc", "extension must be digits")]
    [InlineData("023 9268 8000 ext 12345678", "at most 6")]
    [InlineData("+999 1234 5678", "country code")]
    [InlineData("023 9268 ABCD", "digits")]               // no vanity letters turned into digits
    [InlineData("+44 23 9268 1234 +44", "digits")]
    public void Things_that_are_not_phone_numbers_in_use_are_refused_saying_what_is_wrong(string typed, string reasonContains)
    {
        Assert.False(PhoneNumber.TryNormalise(typed, out _, out var error));
        Assert.Contains(reasonContains, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_number_stored_before_checking_is_shown_as_it_was()
    {
        Assert.Equal("not a number", PhoneNumber.Display("not a number"));
        Assert.Equal("", PhoneNumber.Display(null));
    }
}
