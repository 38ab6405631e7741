namespace FspPortal.Domain.Common;

/// <summary>Thrown when an operation would break a rule of the domain. The message is shown to the user.</summary>
public sealed class DomainException(string message) : Exception(message);
