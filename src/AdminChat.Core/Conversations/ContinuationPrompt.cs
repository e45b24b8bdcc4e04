namespace AdminChat.Core.Conversations;

public static class ContinuationPrompt
{
    /// <summary>
    /// Sent as the last user turn, after a cut-off answer, so the model carries on from where the answer
    /// stopped instead of starting again and repeating what the person already has.
    /// </summary>
    public const string Text =
        "Continue your previous answer exactly where it stopped. Do not repeat anything already written.";
}
