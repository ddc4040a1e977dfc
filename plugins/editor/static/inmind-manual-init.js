// Decap CMS starts only when inmind-admin.js has registered the site's format and calls CMS.init.
window.CMS_MANUAL_INIT = true;
