package org.aava.dialer.web;

import org.aava.dialer.core.ports.ImportJobRepository;
import org.aava.dialer.core.ports.RecordingRepository;
import org.aava.dialer.prompts.TextToSpeech;

/**
 * What the import jobs and the recordings library use, beside {@link WebDependencies}.
 *
 * @param tts the text-to-speech engine for {@code POST /api/outbound/recordings/tts}
 */
public record ImportsAndMedia(ImportJobRepository importJobs, RecordingRepository recordings, ImportSettings imports, TextToSpeech tts) {
}
