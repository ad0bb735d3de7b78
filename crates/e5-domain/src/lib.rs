//! Domain types of the E5 platform: identifiers, money, slugs and exam-centre time.
//! Nothing here does I/O, so every rule is unit-tested next to its type.

pub mod blocks;
pub mod calendar;
mod clock;
pub mod csv;
mod ids;
pub mod journal;
mod money;
pub mod seo;
pub mod setting;
mod slug;

pub use clock::{LocalTime, paris_now, paris_offset_hours};
pub use ids::{ContextId, ParseIdError, SandboxId};
pub use money::Money;
pub use slug::{Slug, SlugError};
