using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace AdminChat.Web.Components.Chat;

/// <summary>The signed-in admin of this circuit: every conversation query is scoped to this id.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<string> IdAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The chat needs a signed-in user.");
    }
}
