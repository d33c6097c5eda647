package org.aava.dialer.web;

import java.nio.file.Path;

/**
 * The REST API's handlers, one small class per area, built here from the web's dependencies and the admin use cases;
 * {@link Routes} maps paths to their methods.
 */
final class OutboundApi {
    final SessionApi session;
    final MetaApi meta;
    final CampaignsApi campaigns;
    final LeadsApi leads;
    final ImportsApi imports;
    final AttemptsApi attempts;
    final DncApi dnc;
    final AiApi ai;
    final RecordingUploads uploads;
    final LeadToolsApi leadTools;
    private final ImportJobs importJobs;

    OutboundApi(WebSettings settings, WebDependencies deps, Auth auth, ImportsAndMedia media) {
        UseCases uc = UseCases.of(deps, settings.mediaDir());
        LeadImporter importer = new LeadImporter(uc.imports());
        Path errorDir = settings.dataDir().resolve("import-errors");
        this.importJobs = new ImportJobs(media.importJobs(), importer, deps.audit(), errorDir, media.imports());
        this.session = new SessionApi(auth);
        this.meta = new MetaApi(settings, deps, auth, media.tts());
        this.campaigns = new CampaignsApi(uc.campaigns());
        this.leads = new LeadsApi(uc.leads(), uc.campaigns(), deps);
        this.imports = new ImportsApi(uc.campaigns(), uc.leads(), importJobs, deps.workers(), errorDir);
        this.attempts = new AttemptsApi(uc.campaigns(), deps);
        this.dnc = new DncApi(uc.dnc());
        this.ai = new AiApi(uc.ai());
        this.uploads = new RecordingUploads(settings, uc.campaigns(), deps.audit(), media.recordings());
        this.leadTools = new LeadToolsApi(deps, uc.campaigns());
    }

    ImportJobs importJobs() {
        return importJobs;
    }
}
