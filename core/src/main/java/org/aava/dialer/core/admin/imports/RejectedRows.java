package org.aava.dialer.core.admin.imports;

import java.util.List;

/** Where an import puts the rows it rejects, each as given with its row number and the reason; a bounded sink may leave some out. */
public interface RejectedRows {
    void reject(List<String> given, long rowNumber, String reason);

    /** Rejected rows the sink did not keep (it reached its bound). */
    long omitted();
}
