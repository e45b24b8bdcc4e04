using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AdminChat.Core.Storage.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Escalations",
                table: "RequestMetrics",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "GeniusCost",
                table: "RequestMetrics",
                type: "numeric(18,6)",
                precision: 18,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RoutingReason",
                table: "RequestMetrics",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BudgetChange",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    OldBudget = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    NewBudget = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BudgetChange", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BudgetSetting",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    DailyBudget = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
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
