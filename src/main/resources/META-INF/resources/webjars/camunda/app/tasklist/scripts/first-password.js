// Notice Cascade: a person with a one-time password is sent to /password (see /password/watch.js).
import '/password/watch.js';
