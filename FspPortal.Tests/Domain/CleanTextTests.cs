using FspPortal.Domain.Common;

namespace FspPortal.Tests.Domain;

/// <summary>Hidden characters go (a name cannot display as something else); letters of every script stay.</summary>
[Trait("Category", "Unit")]
public sealed class CleanTextTests
{
    [Theory]
    [InlineData("Owen\0 Smith", "Owen Smith")]                  // NUL
    [InlineData("Owen\u202Ehtims", "Owenhtims")]                 // right-to-left override ("displays as smith")
    [InlineData("Ow\u200Ben", "Owen")]                           // zero-width space
    [InlineData("\uFEFFOwen", "Owen")]                           // byte-order mark
    [InlineData("a\u2066b\u2069c", "abc")]                       // isolates
    [InlineData("line one\nline two\ttab", "line one\nline two\ttab")] // line breaks and tabs kept
    [InlineData("Siobhán Ó'Connor", "Siobhán Ó'Connor")]         // accents kept
    [InlineData("محمد", "محمد")]                                 // Arabic kept
    [InlineData("मिलिंद", "मिलिंद")]                               // Devanagari kept
    [InlineData("می\u200Cخواهم", "می\u200Cخواهم")]               // zero-width non-joiner (Persian) kept
    public void Strips_hidden_characters_and_keeps_every_script(string typed, string stored) =>
        Assert.Equal(stored, CleanText.Strip(typed));
}
