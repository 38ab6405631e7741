namespace FspPortal.Web.Data;

/// <summary>The one-time token printed on the console to set up the first admin (stored hashed).</summary>
public sealed class FirstRunToken
{
    public int Id { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime? UsedUtc { get; set; }
}
