//! Security across the server: the access matrix generated from the routes, hostile markup
//! replayed in a real browser, sign-in limits and sessions, signed values and their purposes.

mod access_matrix;
mod hostile_markup_browser;
mod sign_in_limits;
mod signed_cookies;
