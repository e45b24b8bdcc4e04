using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminChat.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Routing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CostEstimated",
                table: "RequestMetrics",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Escalations",
                table: "RequestMetrics",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "GeniusCost",
                table: "RequestMetrics",
                type: "TEXT",
                precision: 18,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RoutingReason",
                table: "RequestMetrics",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BudgetChange",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    OldBudget = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    NewBudget = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BudgetChange", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BudgetSetting",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    DailyBudget = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BudgetSetting", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BudgetChange_At",
                table: "BudgetChange",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BudgetChange");

            migrationBuilder.DropTable(
                name: "BudgetSetting");

            migrationBuilder.DropColumn(
                name: "CostEstimated",
                table: "RequestMetrics");

            migrationBuilder.DropColumn(
                name: "Escalations",
                table: "RequestMetrics");

            migrationBuilder.DropColumn(
                name: "GeniusCost",
                table: "RequestMetrics");

            migrationBuilder.DropColumn(
                name: "RoutingReason",
                table: "RequestMetrics");
        }
    }
}
