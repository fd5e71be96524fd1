package org.noticecascade.progress;

import org.noticecascade.testing.SharedApplication;

/** {@link SyntheticProgressCheck} on H2. */
@SharedApplication
class SyntheticProgressH2Test extends SyntheticProgressCheck {
}
