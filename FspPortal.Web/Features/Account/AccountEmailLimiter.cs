using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// Caps the emails that anyone, signed in or not, can make the portal send to one address (password resets, access
/// request receipts): <see cref="SecurityOptions.AccountEmailsPerHour"/> per address per hour. Beyond it the email is
/// quietly not sent; the page answers as usual, so the cap tells nothing about the address.
/// </summary>
public sealed class AccountEmailLimiter(IOptions<SecurityOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.AccountEmailsPerHour),
            Window = TimeSpan.FromHours(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));

    /// <summary>True when another email may go to <paramref name="address"/> now (and counts it).</summary>
    public bool TryTake(string address)
    {
        using var lease = limiter.AttemptAcquire(address.Trim().ToUpperInvariant());
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
