using System.Threading.Channels;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// "Forgotten your password" requests, handled off the request: the page answers at once and alike for every
/// address, and this worker looks the address up and, for an active account, emails the reset link (within the
/// per-address email cap). So neither the words nor the time of the answer tell whether an account exists.
/// </summary>
public sealed class PasswordResetRequests(IServiceScopeFactory scopes, ILogger<PasswordResetRequests> logger) : BackgroundService
{
    private readonly Channel<string> requests = Channel.CreateBounded<string>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Enqueue(string email) => requests.Writer.TryWrite(email.Trim());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in requests.Reader.ReadAllAsync(stoppingToken))
        {
            try { await HandleAsync(email); }
            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogError(ex, "A password reset request could not be handled."); }
        }
    }

    private async Task HandleAsync(string email)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var audit = services.GetRequiredService<AuditLog>();
        var user = await users.FindByEmailAsync(email);
        string? refused = user is null ? "unknown email" : !user.IsActive ? "account deactivated" : null;
        if (refused is null && !services.GetRequiredService<AccountEmailLimiter>().TryTake(email)) refused = "too many emails to this address this hour";
        if (refused is null)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user!);
            var link = services.GetRequiredService<AccountLinks>().ResetPassword(user!.Id, token);
            await services.GetRequiredService<IEmailSender>().SendAsync(AccountEmails.PasswordReset(user.Email!, user.FullName, link));
        }
        await audit.WriteAsync(new AuditEvent(AuditActions.PasswordResetRequested, user?.Id, email, "User", user?.Id,
            refused is null ? AuditOutcome.Success : AuditOutcome.Failure, refused));
    }
}
