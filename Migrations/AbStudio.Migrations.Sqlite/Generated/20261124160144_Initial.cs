using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AbStudio.Migrations.Sqlite.Generated
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    DetailsJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datasets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Format = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    DocumentCount = table.Column<int>(type: "INTEGER", nullable: false),
                    QueryCount = table.Column<int>(type: "INTEGER", nullable: false),
                    JudgmentCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datasets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PayloadJson = table.Column<string>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CancelRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "provider_policies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Allowed = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowedModels = table.Column<string>(type: "TEXT", nullable: false),
                    RequestsPerMinute = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxConcurrency = table.Column<int>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_policies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quotas",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MaxActiveTests = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxCollections = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxStorageBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    MaxRunsPerDay = table.Column<int>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quotas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ab_tests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Split = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    KValues = table.Column<string>(type: "TEXT", nullable: false),
                    PrimaryMetric = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReuseExisting = table.Column<bool>(type: "INTEGER", nullable: false),
                    Cleanup = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CollectionTtl = table.Column<TimeSpan>(type: "TEXT", nullable: true),
                    DefinitionJson = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ab_tests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ab_tests_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "collections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConfigurationJson = table.Column<string>(type: "TEXT", nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ModelRevision = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Dimensions = table.Column<int>(type: "INTEGER", nullable: false),
                    IndexKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ChunksDone = table.Column<long>(type: "INTEGER", nullable: false),
                    ChunksTotal = table.Column<long>(type: "INTEGER", nullable: false),
                    CheckpointBatches = table.Column<int>(type: "INTEGER", nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    EmbeddingCalls = table.Column<long>(type: "INTEGER", nullable: false),
                    EmbeddedTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    BuildDuration = table.Column<TimeSpan>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReadyAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Ttl = table.Column<TimeSpan>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_collections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_collections_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    MetadataJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_documents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_documents_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "queries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    MetadataJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_queries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_queries_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "job_attempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Worker = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_attempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_job_attempts_jobs_JobId",
                        column: x => x.JobId,
                        principalTable: "jobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    QueriesTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    QueriesDone = table.Column<int>(type: "INTEGER", nullable: false),
                    StatisticsSeed = table.Column<int>(type: "INTEGER", nullable: false),
                    SummaryJson = table.Column<string>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_runs_ab_tests_TestId",
                        column: x => x.TestId,
                        principalTable: "ab_tests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "arms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EmbeddingProvider = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EmbeddingModel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RetrievalMode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ConfigurationJson = table.Column<string>(type: "TEXT", nullable: false),
                    CollectionFingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CollectionId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_arms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_arms_ab_tests_TestId",
                        column: x => x.TestId,
                        principalTable: "ab_tests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_arms_collections_CollectionId",
                        column: x => x.CollectionId,
                        principalTable: "collections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "judgments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Split = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    QueryId = table.Column<long>(type: "INTEGER", nullable: false),
                    DocumentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Grade = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_judgments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_judgments_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_judgments_documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_judgments_queries_QueryId",
                        column: x => x.QueryId,
                        principalTable: "queries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "query_results",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ArmId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QueryId = table.Column<long>(type: "INTEGER", nullable: false),
                    RankingJson = table.Column<string>(type: "TEXT", nullable: false),
                    MetricsJson = table.Column<string>(type: "TEXT", nullable: false),
                    EmbedMs = table.Column<double>(type: "REAL", nullable: false),
                    SearchMs = table.Column<double>(type: "REAL", nullable: false),
                    FusionMs = table.Column<double>(type: "REAL", nullable: false),
                    RerankMs = table.Column<double>(type: "REAL", nullable: false),
                    TotalMs = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_query_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_query_results_arms_ArmId",
                        column: x => x.ArmId,
                        principalTable: "arms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_query_results_queries_QueryId",
                        column: x => x.QueryId,
                        principalTable: "queries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_query_results_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ab_tests_CreatedAt",
                table: "ab_tests",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ab_tests_DatasetId",
                table: "ab_tests",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_ab_tests_Status_CreatedAt",
                table: "ab_tests",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_arms_CollectionFingerprint",
                table: "arms",
                column: "CollectionFingerprint");

            migrationBuilder.CreateIndex(
                name: "IX_arms_CollectionId",
                table: "arms",
                column: "CollectionId");

            migrationBuilder.CreateIndex(
                name: "IX_arms_TestId_Name",
                table: "arms",
                columns: new[] { "TestId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_arms_TestId_Ordinal",
                table: "arms",
                columns: new[] { "TestId", "Ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_Actor_At",
                table: "audit_events",
                columns: new[] { "Actor", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_At",
                table: "audit_events",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_EntityType_EntityId",
                table: "audit_events",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_collections_DatasetId",
                table: "collections",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_collections_Fingerprint",
                table: "collections",
                column: "Fingerprint",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_collections_LastUsedAt",
                table: "collections",
                column: "LastUsedAt");

            migrationBuilder.CreateIndex(
                name: "IX_collections_Status",
                table: "collections",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_datasets_ContentHash",
                table: "datasets",
                column: "ContentHash");

            migrationBuilder.CreateIndex(
                name: "IX_datasets_CreatedAt",
                table: "datasets",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_documents_DatasetId_ExternalId",
                table: "documents",
                columns: new[] { "DatasetId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_job_attempts_JobId_Number",
                table: "job_attempts",
                columns: new[] { "JobId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_jobs_Status_LeaseExpiresAt",
                table: "jobs",
                columns: new[] { "Status", "LeaseExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_Status_NextAttemptAt",
                table: "jobs",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_SubjectId",
                table: "jobs",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_judgments_DatasetId_Split_QueryId_DocumentId",
                table: "judgments",
                columns: new[] { "DatasetId", "Split", "QueryId", "DocumentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_judgments_DocumentId",
                table: "judgments",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_judgments_QueryId",
                table: "judgments",
                column: "QueryId");

            migrationBuilder.CreateIndex(
                name: "IX_provider_policies_Provider",
                table: "provider_policies",
                column: "Provider",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_queries_DatasetId_ExternalId",
                table: "queries",
                columns: new[] { "DatasetId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_query_results_ArmId",
                table: "query_results",
                column: "ArmId");

            migrationBuilder.CreateIndex(
                name: "IX_query_results_QueryId",
                table: "query_results",
                column: "QueryId");

            migrationBuilder.CreateIndex(
                name: "IX_query_results_RunId_ArmId_QueryId",
                table: "query_results",
                columns: new[] { "RunId", "ArmId", "QueryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_query_results_RunId_QueryId",
                table: "query_results",
                columns: new[] { "RunId", "QueryId" });

            migrationBuilder.CreateIndex(
                name: "IX_quotas_Subject",
                table: "quotas",
                column: "Subject",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_runs_Status",
                table: "runs",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_runs_TestId_CreatedAt",
                table: "runs",
                columns: new[] { "TestId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "job_attempts");

            migrationBuilder.DropTable(
                name: "judgments");

            migrationBuilder.DropTable(
                name: "provider_policies");

            migrationBuilder.DropTable(
                name: "query_results");

            migrationBuilder.DropTable(
                name: "quotas");

            migrationBuilder.DropTable(
                name: "jobs");

            migrationBuilder.DropTable(
                name: "documents");

            migrationBuilder.DropTable(
                name: "arms");

            migrationBuilder.DropTable(
                name: "queries");

            migrationBuilder.DropTable(
                name: "runs");

            migrationBuilder.DropTable(
                name: "collections");

            migrationBuilder.DropTable(
                name: "ab_tests");

            migrationBuilder.DropTable(
                name: "datasets");
        }
    }
}
