using FspPortal.Web.Features.Account;

namespace FspPortal.Tests.Account;

/// <summary>The code fields of the sign-in pages: one clear message for nothing typed, another for a code that is not 6 digits.</summary>
[Trait("Category", "Unit")]
public sealed class CodeFormTests
{
    [Theory]
    [InlineData("", "Enter the 6-digit code from your email.")]
    [InlineData("12a456", "The code is 6 digits, like 123456.")]
    [InlineData("12345", "The code is 6 digits, like 123456.")]
    [InlineData("123 456", null)]
    public void The_emailed_code(string typed, string? message) =>
        Assert.Equal(message, new SignInCodeFormValidator().Validate(new SignInCodeForm { Code = typed }).Errors.SingleOrDefault()?.ErrorMessage);

    [Theory]
    [InlineData(null, "Enter the 6-digit code your authenticator app shows now.")]
    [InlineData("1234567", "The code is 6 digits, like 123456.")]
    [InlineData("654321", null)]
    public void The_app_code(string? typed, string? message) =>
        Assert.Equal(message, new AppCodeFormValidator().Validate(new AppCodeForm { Code = typed }).Errors.SingleOrDefault()?.ErrorMessage);
}
