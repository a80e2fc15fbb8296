//! Symphony Pod API — update an app.
