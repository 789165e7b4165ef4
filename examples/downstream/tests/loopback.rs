//! The client generated in build.rs against the server generated in build.rs, on 127.0.0.1.

use std::time::Duration;

use docs2api_downstream_example::client::{Client, Error};
use docs2api_downstream_example::server::{ServerConfig, mock_router};
use docs2api_downstream_example::types::{ChangeTicketStatusRequest, DeleteTicketRequest};

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    // The pages put the operations in two groups (the Dev Guide page names none): the mock's
    // router serves every group.
    tokio::spawn(async move { axum::serve(listener, mock_router(ServerConfig::default())).await });
    format!("http://{address}")
}

#[tokio::test]
async fn the_generated_client_talks_to_the_generated_server() {
    let base = serve().await;
    let client = Client::new(&base)
        .with_session("b86c9016b4f24953a9edefb53ca0678c")
        .with_poll_interval(Duration::from_millis(5));
    let request = ChangeTicketStatusRequest {
        // The pages here name TicketStatusEvent without its values: it is a string alias.
        status_event: "approve".into(),
        comment: None,
        system_tags: None,
        user_tags: None,
    };
    let ticket = client.change_ticket_status("5b8a1c3e9d2f4e7a8b6c0d1e2f3a4b5c", &request).await.unwrap();
    assert_eq!(ticket.inventory.unwrap().name.as_deref(), Some("ticket"));
    let tickets = client.query_ticket(&Default::default()).await.unwrap();
    assert!(!tickets.inventories.unwrap().is_empty());
    client.delete_ticket("5b8a1c3e9d2f4e7a8b6c0d1e2f3a4b5c", &DeleteTicketRequest::default()).await.unwrap();
    let anonymous = Client::new(&base).delete_ticket("x", &DeleteTicketRequest::default()).await;
    assert!(matches!(anonymous, Err(Error::Http { status: 400, .. })));
}
