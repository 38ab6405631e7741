using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FspPortal.Web.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Outcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AgencyCode",
                table: "Plans",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SustainedCheckDueOn",
                table: "Plans",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlanNeeds",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    OutcomeCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AgencyCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    StartedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Progress = table.Column<int>(type: "integer", nullable: true),
                    Sustained = table.Column<bool>(type: "boolean", nullable: true),
                    CheckedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LatestReviewProgress = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanNeeds", x => new { x.PlanId, x.OutcomeCode });
                    table.ForeignKey(
                        name: "FK_PlanNeeds_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Plans_AgencyCode_Status",
                table: "Plans",
                columns: new[] { "AgencyCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Plans_SustainedCheckDueOn",
                table: "Plans",
                column: "SustainedCheckDueOn");

            migrationBuilder.CreateIndex(
                name: "IX_PlanNeeds_CheckedOn_OutcomeCode_AgencyCode_Sustained",
                table: "PlanNeeds",
                columns: new[] { "CheckedOn", "OutcomeCode", "AgencyCode", "Sustained" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanNeeds_ClosedOn_OutcomeCode_AgencyCode_Progress",
                table: "PlanNeeds",
                columns: new[] { "ClosedOn", "OutcomeCode", "AgencyCode", "Progress" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanNeeds_StartedOn_OutcomeCode_AgencyCode",
                table: "PlanNeeds",
                columns: new[] { "StartedOn", "OutcomeCode", "AgencyCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlanNeeds");

            migrationBuilder.DropIndex(
                name: "IX_Plans_AgencyCode_Status",
                table: "Plans");

            migrationBuilder.DropIndex(
                name: "IX_Plans_SustainedCheckDueOn",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "AgencyCode",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "SustainedCheckDueOn",
                table: "Plans");
        }
    }
}
