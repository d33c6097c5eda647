package org.aava.dialer.web;

import org.aava.dialer.core.admin.AiTools;
import org.aava.dialer.core.admin.Campaigns;
import org.aava.dialer.core.admin.Dnc;
import org.aava.dialer.core.admin.Leads;
import org.aava.dialer.core.admin.PromptMedia;
import org.aava.dialer.core.admin.imports.LeadImports;
import org.aava.dialer.core.admin.imports.LeadRowRules;
import org.aava.dialer.prompts.ShippedPrompts;

import java.nio.file.Path;

/** The admin use cases the handlers call, built once from the web's dependencies. */
record UseCases(Campaigns campaigns, Leads leads, Dnc dnc, AiTools ai, LeadImports imports) {
    static UseCases of(WebDependencies d, Path mediaDir) {
        PromptMedia prompts = new PromptMedia() {
            @Override
            public String defaultConsentUri() {
                return ShippedPrompts.CONSENT_URI;
            }

            @Override
            public String defaultVoicemailUri() {
                return ShippedPrompts.VOICEMAIL_URI;
            }

            @Override
            public boolean exists(String uri) {
                return ShippedPrompts.exists(mediaDir, uri);
            }
        };
        LeadImports imports = new LeadImports(d.leads(), new LeadRowRules(d.contexts(), d.phones(), CustomVarsJson::canonical));
        return new UseCases(
                new Campaigns(d.campaigns(), d.leads(), d.attempts(), d.dnc(), d.audit(), d.engine(), prompts, d.clock()),
                new Leads(d.leads(), d.campaigns(), d.dnc(), d.audit(), d.engine(), d.phones(), imports),
                new Dnc(d.dnc(), d.campaigns(), d.audit(), d.phones()),
                new AiTools(d.engine().ai(), d.attempts(), d.campaigns(), d.leads(), d.dnc(), d.history(), d.audit(), d.contexts(), d.clock()),
                imports);
    }
}
