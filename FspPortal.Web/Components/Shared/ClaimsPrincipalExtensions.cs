using System.Security.Claims;

namespace FspPortal.Web.Components.Shared;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's id ("" when anonymous, which no plan is visible to).</summary>
    public static string UserId(this ClaimsPrincipal user) => user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "";
}
