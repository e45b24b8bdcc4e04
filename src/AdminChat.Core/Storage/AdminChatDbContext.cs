using AdminChat.Core.Experiments;
using AdminChat.Core.Metrics;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdminChat.Core.Storage;

/// <summary>
/// Accounts (ASP.NET Core Identity) and conversations. Each database provider has its own subclass so that
/// each keeps its own migrations.
/// </summary>
public abstract class AdminChatDbContext(DbContextOptions options) : IdentityDbContext<AdminUser>(options)
{
    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<StoredMessage> Messages => Set<StoredMessage>();

    public DbSet<RequestMetric> RequestMetrics => Set<RequestMetric>();

    public DbSet<Experiment> Experiments => Set<Experiment>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);

        // SQLite keeps no time zone and hands DateTimes back as Unspecified; Npgsql refuses to write anything but
        // UTC into "timestamp with time zone". Storing UTC and reading it back as UTC makes both behave the same.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Conversation>(conversation =>
        {
            conversation.HasKey(c => c.Id);
            conversation.Property(c => c.OwnerId).HasMaxLength(450).IsRequired();
            conversation.Property(c => c.Title).HasMaxLength(200).IsRequired();
            conversation.HasIndex(c => new { c.OwnerId, c.UpdatedAt });
            conversation.HasOne<AdminUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
            conversation.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<StoredMessage>(message =>
        {
            message.HasKey(m => m.Id);
            message.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.Outcome).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.ErrorKind).HasConversion<string>().HasMaxLength(32);
            message.Property(m => m.Model).HasMaxLength(200);
            message.Property(m => m.Provider).HasMaxLength(200);
            message.HasIndex(m => new { m.ConversationId, m.CreatedAt });
            message.HasIndex(m => m.Outcome);
            message.Property(m => m.Variant).HasMaxLength(64);
        });

        builder.Entity<Experiment>(experiment =>
        {
            experiment.HasKey(e => e.Id);
            experiment.Property(e => e.Name).HasMaxLength(120).IsRequired();
            experiment.Property(e => e.Hypothesis).HasMaxLength(2000);
            experiment.Property(e => e.PrimaryMetric).HasConversion<string>().HasMaxLength(32);
            experiment.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
            experiment.Ignore(e => e.Settings);
            experiment.HasIndex(e => e.State);
            experiment.HasMany(e => e.Variants).WithOne().HasForeignKey(v => v.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ExperimentVariant>(variant =>
        {
            variant.HasKey(v => v.Id);
            variant.Property(v => v.Key).HasMaxLength(4).IsRequired();
            variant.Property(v => v.Name).HasMaxLength(ExperimentVariant.MaxNameLength).IsRequired();
            variant.Property(v => v.Model).HasMaxLength(200);
            variant.Property(v => v.Tier).HasMaxLength(64);
            variant.Property(v => v.SystemPrompt).HasMaxLength(8000);
            variant.Ignore(v => v.Settings);
            variant.HasIndex(v => new { v.ExperimentId, v.Key }).IsUnique();
        });

        builder.Entity<RequestMetric>(metric =>
        {
            metric.HasKey(m => m.Id);
            metric.Property(m => m.RequestId).HasMaxLength(64).IsRequired();
            metric.Property(m => m.UserId).HasMaxLength(450);
            metric.Property(m => m.Provider).HasMaxLength(200).IsRequired();
            metric.Property(m => m.Model).HasMaxLength(200).IsRequired();
            metric.Property(m => m.Tier).HasMaxLength(64);
            metric.Property(m => m.Variant).HasMaxLength(64);
            metric.Property(m => m.Outcome).HasConversion<string>().HasMaxLength(16);
            metric.Property(m => m.ErrorKind).HasConversion<string>().HasMaxLength(32);
            metric.Property(m => m.Cost).HasPrecision(18, 6);
            metric.Property(m => m.GeniusCost).HasPrecision(18, 6);
            metric.Property(m => m.RoutingReason).HasMaxLength(256);
            metric.Property(m => m.Escalations).HasMaxLength(256);
            // Covers the percentile query (a range on StartedAt reading only TtftMs) so it never touches the table.
            metric.HasIndex(m => new { m.StartedAt, m.TtftMs });
            metric.HasIndex(m => m.RequestId);
            // No foreign keys: figures outlive the people and conversations they describe.
        });

        Routing.BudgetModel.Configure(builder);
    }
}

public sealed class SqliteAdminChatDbContext(DbContextOptions<SqliteAdminChatDbContext> options) : AdminChatDbContext(options)
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        base.OnConfiguring(optionsBuilder);
        optionsBuilder.AddInterceptors(SqliteFunctions.Registrar);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.HasDbFunction(typeof(SqliteFunctions).GetMethod(nameof(SqliteFunctions.Fold))!).HasName(SqliteFunctions.FoldName);
    }
}

public sealed class PostgresAdminChatDbContext(DbContextOptions<PostgresAdminChatDbContext> options) : AdminChatDbContext(options);

/// <summary>Writes DateTimes as UTC and reads them back with <see cref="DateTimeKind.Utc"/>.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
