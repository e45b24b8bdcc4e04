using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace AdminChat.Web.Accounts;

/// <summary>
/// Identity's messages in the reader's language. Only the errors a person can cause on our forms are translated;
/// the rest keep Identity's English text, which is for the server log.
/// </summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> localizer) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "Identity_DefaultError");

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), "Identity_PasswordTooShort", length);

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "Identity_PasswordRequiresDigit");

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "Identity_PasswordRequiresLower");

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "Identity_PasswordRequiresUpper");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(nameof(PasswordRequiresNonAlphanumeric), "Identity_PasswordRequiresNonAlphanumeric");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), "Identity_PasswordRequiresUniqueChars", uniqueChars);

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), "Identity_DuplicateEmail", email);

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), "Identity_DuplicateEmail", userName);

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), "Identity_InvalidEmail", email ?? string.Empty);

    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName), "Identity_InvalidUserName", userName ?? string.Empty);

    private IdentityError Error(string code, string key, params object[] arguments) =>
        new() { Code = code, Description = localizer[key, arguments] };
}
