using System.ComponentModel.DataAnnotations;

namespace AdminChat.Core.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from <c>AdminChat:Storage</c>.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "AdminChat:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Folder for the SQLite database; relative paths are under the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Npgsql connection string; required when <see cref="Provider"/> is Postgres.</summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "AdminChat:Storage:ConnectionString is required when AdminChat:Storage:Provider is Postgres "
                + "(e.g. Host=127.0.0.1;Database=adminchat;Username=adminchat;Password=...).",
                [nameof(ConnectionString)]);
        }
    }
}
