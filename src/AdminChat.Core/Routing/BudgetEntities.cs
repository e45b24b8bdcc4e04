using Microsoft.EntityFrameworkCore;

namespace AdminChat.Core.Routing;

/// <summary>The daily budget an admin set at runtime (one row); it overrides LLM_DAILY_BUDGET until changed again.</summary>
public sealed class BudgetSetting
{
    public int Id { get; set; }

    public decimal DailyBudget { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>Every change of the daily budget: who, when, from what to what.</summary>
public sealed class BudgetChange
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public required string UserId { get; set; }

    public string? UserName { get; set; }

    public decimal? OldBudget { get; set; }

    public decimal NewBudget { get; set; }
}

internal static class BudgetModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<BudgetSetting>(setting =>
        {
            setting.HasKey(s => s.Id);
            setting.Property(s => s.Id).ValueGeneratedNever();
            setting.Property(s => s.DailyBudget).HasPrecision(18, 6);
            setting.Property(s => s.UpdatedBy).HasMaxLength(450);
        });
        builder.Entity<BudgetChange>(change =>
        {
            change.HasKey(c => c.Id);
            change.Property(c => c.UserId).HasMaxLength(450).IsRequired();
            change.Property(c => c.UserName).HasMaxLength(256);
            change.Property(c => c.OldBudget).HasPrecision(18, 6);
            change.Property(c => c.NewBudget).HasPrecision(18, 6);
            change.HasIndex(c => c.At);
        });
    }
}
